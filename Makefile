# watchpost — every command a developer or CI needs. `make demo` and `make test` are the README's two.
# `make` alone, or `make help`, lists the targets. Python tools run from the project's virtual
# environments (.venv, .venv-checkers), which scripts/setup.sh makes; nothing goes into the system Python.
SHELL := /bin/bash
FUNCTIONS := s3-policy-checker login-notifier forensic-isolator policy-generator
BIN = $(shell swift build --show-bin-path)
VENV := $(CURDIR)/.venv
PYTHON := $(VENV)/bin/python
# The Swift tests that start moto or boto3 run this interpreter (Tests/TestSupport/Python.swift).
export WATCHPOST_PYTHON := $(PYTHON)
FUNCTION ?= s3-policy-checker
EVENT ?= events/$(FUNCTION)/$(shell ls events/$(FUNCTION) 2>/dev/null | grep -v scenario | head -1)

.DEFAULT_GOAL := help
.PHONY: fuzz
.PHONY: help setup setup-build setup-venv setup-checkers build test unit e2e package check-package secrets \
	template-check deploy smoke destroy invoke bench demo doctor clean

help: ## this list
	@awk -F':.*## ' '/^[a-z0-9-]+:.*## / { printf "  make %-15s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

setup: setup-build setup-venv setup-checkers ## install everything the targets below need (each also installs its own part)
setup-build: ## Debian packages for building and packaging (libcurl, zlib, zip)
	@scripts/setup.sh build
setup-venv: ## .venv: moto, boto3, pytest, awslambdaric, cfn-lint, awscli (requirements/test.txt)
	@scripts/setup.sh venv
setup-checkers: ## .venv-checkers: checkov; .venv-iam: parliament, cloudsplaining, cfripper (requirements/)
	@scripts/setup.sh checkers

build: setup-build ## debug build of every product (output in .build/logs/build.log; VERBOSE=1 shows it)
	@scripts/build.sh

demo: setup-venv build ## the four workflows on their sample events against a local AWS emulator
	@scripts/demo.sh

# make invoke FUNCTION=s3-policy-checker EVENT=events/s3-policy-checker/put-bucket-policy-public.json
invoke: setup-venv build ## run FUNCTION on EVENT with the AWS state its scenario file describes
	@$(PYTHON) scripts/invoke.py $(FUNCTION) $(EVENT)

# Every test: unit tests, end-to-end tests (lambda-local, moto, boto3, awslambdaric), the
# provided.al2023 package check on the real release build, the secrets scan, the template checks.
# The release build happens once, in `package`; the e2e package tests then check dist/.
test: setup ## every test: unit, package, e2e, secrets, template-check (installs what they need)
	@scripts/build.sh --build-tests
	@$(MAKE) --no-print-directory unit package e2e secrets template-check WATCHPOST_DIST=$(CURDIR)/dist

unit: setup-venv ## Swift unit tests (needs `swift build --build-tests`)
	swift test --skip-build --parallel --num-workers 2

# WATCHPOST_DIST: packages already built by `make package` (unset: the package tests build them).
e2e: setup-venv ## end-to-end tests: the real executables against moto, checked with boto3
	WATCHPOST_BIN=$(BIN) WATCHPOST_DIST=$(WATCHPOST_DIST) $(PYTHON) -m pytest -q -p no:cacheprovider Tests/e2e

package: setup-build ## reproducible release zips for provided.al2023 in dist/, checked
	@scripts/package.sh $(FUNCTIONS)

check-package: ## check the zips already in dist/ (what package does after building)
	@ls dist/*.zip >/dev/null 2>&1 || { echo "check-package: no zips in dist/; run make package"; exit 2; }
	@scripts/check-package.sh dist/*.zip

secrets: setup-venv ## detect-secrets over every tracked file
	@PATH=$(VENV)/bin:$$PATH scripts/check-secrets.sh

template-check: setup-venv setup-checkers ## cfn-lint, checkov; parliament, cloudsplaining, cfripper on every role and parameter set
	@PATH=$(VENV)/bin:$$PATH scripts/check-template.sh

# make deploy STACK=watchpost BUCKET=my-artifacts-bucket [PARAMETERS="Remediation=block-public-access ..."]
# Against moto: see the README's "Try the whole stack without an AWS account".
deploy: setup-venv package ## package and deploy the stack (STACK=, BUCKET=, PARAMETERS=); unchanged: no update
	@test -n "$(STACK)" -a -n "$(BUCKET)" || { echo "usage: make deploy STACK=<name> BUCKET=<artifacts bucket> [PARAMETERS=...]"; exit 2; }
	@$(PYTHON) scripts/deploy.py --stack $(STACK) --bucket $(BUCKET) $(if $(PARAMETERS),--parameters $(PARAMETERS))

# WATCHPOST_SMOKE_INVOKE=scripts/invoke-local.py runs the built binaries with the deployed configuration instead of lambda:Invoke.
smoke: setup-venv ## a deployed stack is live: reads and harmless invocations (STACK=, REGION=)
	@test -n "$(STACK)" || { echo "usage: make smoke STACK=<name> [REGION=<region>]"; exit 2; }
	@$(PYTHON) scripts/smoke.py $(STACK) $(if $(REGION),--region $(REGION))

destroy: setup-venv ## delete a stack, wait, print what it keeps on purpose (STACK=, REGION=, YES=1)
	@test -n "$(STACK)" || { echo "usage: make destroy STACK=<name> [REGION=<region>] [YES=1]"; exit 2; }
	@$(PYTHON) scripts/destroy.py $(STACK) $(if $(REGION),--region $(REGION)) $(if $(YES),--yes)

# make doctor [STACK=watchpost] [SECURITY_HUB=true] [TRAIL_BUCKET=…] [SSH_LOG_GROUP=…] [RDP_LOG_GROUP=…] [S3_DATA_EVENTS=true]
# make passes its command-line variables to the doctor's environment. Exit 0: nothing fails; 1: something does.
doctor: setup-build ## read-only readiness checks of the AWS account and region configured
	@scripts/build.sh --product watchpost-doctor
	$(BIN)/watchpost-doctor

bench: setup-venv package ## speed, size and memory figures, and the cost per KB of adversarial inputs
	PATH=$(VENV)/bin:$$PATH scripts/bench.sh $(FUNCTIONS)
	$(PYTHON) scripts/bench_policy_generator.py
	$(PYTHON) scripts/bench_adversarial.py
	$(PYTHON) scripts/bench_organization.py

fuzz: setup-build ## each libFuzzer+ASan harness in Fuzz/ for FUZZ_SECONDS (180); keeps what it finds in Fuzz/
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),180) scripts/fuzz.sh

clean: ## remove build output and packages (keeps the virtual environments)
	rm -rf .build dist
