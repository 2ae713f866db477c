"""A few readable lines of a function's response, for `make invoke` and `make demo`. The response
itself is the contract (the README gives it per function); this only reads it."""


def _steps(steps, key="step"):
    lines = []
    for status in ("done", "already-done", "failed", "skipped"):
        named = [s.get(key) for s in steps if s.get("status") == status]
        if named:
            lines.append(f"{status}: {', '.join(named)}")
    return lines


def s3_policy_checker(r):
    if "counts" in r:
        counts = r["counts"]
        found = ", ".join(f"{v} {k}" for k, v in counts.items() if k != "total" and v)
        return [f"checked {counts.get('total', 0)} buckets: {found or 'none'}"] + [
            f"{b['bucket']}: {b.get('verdict')}" for b in r.get("buckets", []) if b.get("verdict") != "not-public"]
    lines = [f"bucket {r.get('bucket')} (account {r.get('account')}): {r.get('verdict')}"
             + (f", in effect {r['effectiveVerdict']}" if r.get("effectiveVerdict") not in (None, r.get("verdict")) else "")]
    lines += [f"  because statement {s.get('sid') or s.get('index')}: {s.get('reason')}" for s in r.get("publicStatements", [])]
    lines += [f"  because ACL grant: {g.get('grantee', g)} {g.get('permission', '')}".rstrip() for g in r.get("publicGrants", [])]
    if r.get("crossAccounts"):
        lines.append(f"  readable by accounts: {', '.join(r['crossAccounts'])}")
    for action in r.get("actions", []):
        lines.append(f"  {action.get('action')}: {action.get('status')} ({action.get('detail')})")
    return lines


def login_notifier(r):
    if "statusCode" in r:
        return [f"Slack callback answered HTTP {r['statusCode']}: {r.get('body')}"]
    lines = []
    for login in r.get("logins", []):
        where = login.get("instanceName") or login.get("host")
        lines.append(f"{login.get('kind')} login {login.get('user')} on {where} ({login.get('instanceId')}) from "
                     f"{login.get('sourceIp')}: {'production' if login.get('production') else 'not production'}, "
                     f"{'notified' if login.get('notified') else 'counted, not alerted'}")
    failures = sum(f.get("count", 1) for f in r.get("failures", []))
    lines.append(f"{failures} failed attempts, {r.get('ignored', 0)} other lines ignored")
    sent = [f"{n.get('channel')} {n.get('status')}" for n in r.get("notifications", [])]
    if sent:
        lines.append("notifications: " + ", ".join(sent))
    return lines


def forensic_isolator(r):
    lines = [f"{r.get('decision')} {r.get('instanceId')} (account {r.get('account')}): {r.get('reason')}"]
    lines += ["  " + line for line in _steps(r.get("steps", []))]
    if r.get("incidentId"):
        lines.append(f"  incident {r['incidentId']}")
    return lines


def policy_generator(r):
    if "results" in r:
        return [line for result in r["results"] for line in policy_generator(result)]
    lines = [f"{r.get('principal')}: {r.get('recordsMatched')} of {r.get('recordsRead')} CloudTrail records are its calls",
             f"  least privilege: {', '.join(r.get('actions', [])) or '(no actions)'}"]
    for statement in (r.get("policy") or {}).get("Statement", []):
        actions = statement.get("Action")
        actions = ", ".join(actions) if isinstance(actions, list) else actions
        resources = statement.get("Resource")
        resources = ", ".join(resources) if isinstance(resources, list) else resources
        lines.append(f"    {statement.get('Sid', '')}: {actions} on {resources}")
    unused = r.get("unused", [])
    if unused:
        lines.append(f"  granted but unused: {', '.join(u.get('action', '?') for u in unused[:8])}"
                     + (" ..." if len(unused) > 8 else ""))
    applied = r.get("applied")
    if isinstance(applied, dict):
        lines += ["  applied " + line for line in _steps(applied.get("steps", []))]
    return lines


def summarize(function, response):
    if not isinstance(response, dict):
        return [str(response)]
    by_function = {"s3-policy-checker": s3_policy_checker, "login-notifier": login_notifier,
                   "forensic-isolator": forensic_isolator, "policy-generator": policy_generator}
    if function in by_function:
        try:
            return by_function[function](response)
        except (AttributeError, KeyError, TypeError):
            pass  # an unexpected shape: show the plain fields below
    return [f"{k}: {v}" for k, v in response.items() if isinstance(v, (str, int, bool))][:6] or [str(response)[:200]]
