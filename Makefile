# watchpost — every command a developer or CI needs. `make demo` and `make test` are the README's two.
SHELL := /bin/bash
FUNCTIONS := s3-policy-checker login-notifier forensic-isolator policy-generator
BIN = $(shell swift build --show-bin-path)
FUNCTION ?= s3-policy-checker
EVENT ?= events/$(FUNCTION)/$(shell ls events/$(FUNCTION) 2>/dev/null | head -1)

.PHONY: setup build test unit e2e package check-package secrets template-check deploy invoke bench demo clean
.PHONY: smoke destroy

setup:
	@scripts/setup.sh

build: setup
	swift build

# Every test: unit tests, end-to-end tests (lambda-local, moto, boto3, awslambdaric),
# the provided.al2023 package check on the real release build, and the secrets scan.
# The release build happens once, in `package`; the e2e package tests then check dist/.
test: setup
	swift build --build-tests
	$(MAKE) --no-print-directory unit package e2e secrets template-check WATCHPOST_DIST=$(CURDIR)/dist

unit:
	swift test --skip-build --parallel --num-workers 2

# WATCHPOST_DIST: packages already built by `make package` (unset: the package tests build them).
e2e:
	WATCHPOST_BIN=$(BIN) WATCHPOST_DIST=$(WATCHPOST_DIST) python3 -m pytest -q -p no:cacheprovider Tests/e2e

package: setup
	scripts/package.sh $(FUNCTIONS)

secrets:
	scripts/check-secrets.sh

template-check:
	scripts/check-template.sh

# make deploy STACK=watchpost BUCKET=my-artifacts-bucket [PARAMETERS="Remediation=block-public-access ..."]
deploy: package
	@test -n "$(STACK)" -a -n "$(BUCKET)" || { echo "usage: make deploy STACK=<name> BUCKET=<artifacts bucket> [PARAMETERS=...]"; exit 2; }
	aws cloudformation package --template-file template.yaml --s3-bucket $(BUCKET) --output-template-file dist/packaged.yaml
	aws cloudformation deploy --template-file dist/packaged.yaml --stack-name $(STACK) --s3-bucket $(BUCKET) \
		--capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
		$(if $(PARAMETERS),--parameter-overrides $(PARAMETERS))

# make smoke STACK=watchpost [REGION=eu-west-1]: a deployed stack is live (reads and harmless invocations only).
# WATCHPOST_SMOKE_INVOKE=scripts/invoke-local.py runs the built binaries with the deployed configuration instead of lambda:Invoke.
smoke:
	@test -n "$(STACK)" || { echo "usage: make smoke STACK=<name> [REGION=<region>]"; exit 2; }
	scripts/smoke.py $(STACK) $(if $(REGION),--region $(REGION))

# make destroy STACK=watchpost [REGION=eu-west-1] [YES=1]: delete the stack, wait, print what it leaves on purpose.
destroy:
	@test -n "$(STACK)" || { echo "usage: make destroy STACK=<name> [REGION=<region>] [YES=1]"; exit 2; }
	scripts/destroy.py $(STACK) $(if $(REGION),--region $(REGION)) $(if $(YES),--yes)

# make invoke FUNCTION=s3-policy-checker EVENT=events/s3-policy-checker/put-bucket-policy-public.json
invoke: build
	$(BIN)/lambda-local $(BIN)/$(FUNCTION) $(EVENT)

bench: package
	scripts/bench.sh $(FUNCTIONS)
	scripts/bench_policy_generator.py

demo: build
	scripts/demo.sh

# make fuzz [FUZZ_SECONDS=180] [FUZZ_TARGETS="trail xml …"]: each harness (Fuzz/) for FUZZ_SECONDS; keeps what it finds in Fuzz/.
.PHONY: fuzz
fuzz: setup
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),180) scripts/fuzz.sh

clean:
	rm -rf .build dist

# make doctor [STACK=watchpost] [SECURITY_HUB=true] [TRAIL_BUCKET=…] [SSH_LOG_GROUP=…] [RDP_LOG_GROUP=…] [S3_DATA_EVENTS=true]
# Read-only readiness checks of the account and region the AWS settings point at (make passes
# its command-line variables to the doctor's environment). Exit 0: nothing fails; 1: something does.
.PHONY: doctor
doctor: setup
	swift build --product watchpost-doctor
	$(BIN)/watchpost-doctor
