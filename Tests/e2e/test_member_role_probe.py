"""The member-role probe `make doctor` sends: every function's shell answers it before reading the
event as its own, with AssumeRole of its member role in each account and nothing else. moto
assumes any role, so `stand_ins.RefusingSTS` refuses one account's as AWS does."""
import pytest

from stand_ins import RefusingSTS

OWN = "123456789012"  # moto's default account: the function's own
REACHABLE, REFUSING = "111122223333", "444455556666"


@pytest.fixture
def refusing_sts(moto):
    sts = RefusingSTS(moto.endpoint, {REFUSING}, caller=OWN)
    yield sts
    sts.stop()


@pytest.mark.parametrize("function,role", [("s3-policy-checker", "watchpost-s3-member"),
                                           ("forensic-isolator", "watchpost-forensic-member")])
def test_each_function_says_where_its_member_role_can_be_assumed(moto, run_function, refusing_sts, function, role):
    env = moto.env(AWS_ENDPOINT_URL_STS=refusing_sts.url, WATCHPOST_MEMBER_ROLE=role)
    probe = {"watchpostProbe": "member-roles", "accounts": [REACHABLE, REFUSING, "12345", OWN]}
    buckets_before = moto.client("s3").list_buckets()["Buckets"]
    [answer] = run_function(function, [probe], env=env).invocations
    assert answer.ok, answer
    assert answer.response["memberRole"] == role
    entries = {entry["account"]: entry for entry in answer.response["memberRoles"]}
    assert [e["account"] for e in answer.response["memberRoles"]] == probe["accounts"]
    assert entries[REACHABLE] == {"account": REACHABLE, "assumed": True}
    assert entries[REFUSING]["assumed"] is False
    assert "AccessDenied" in entries[REFUSING]["reason"] and "member role" in entries[REFUSING]["reason"]
    assert entries["12345"]["assumed"] is False and "twelve digits" in entries["12345"]["reason"]
    assert entries[OWN]["assumed"] is True  # its own account needs no member role
    # The stand-in saw the one AssumeRole it refused, into exactly this function's member role.
    assert refusing_sts.refused_calls == [f"arn:aws:iam::{REFUSING}:role/{role}"]
    # Nothing was written: the probe only assumes roles.
    assert moto.client("s3").list_buckets()["Buckets"] == buckets_before


def test_only_a_probe_is_answered_as_one_and_a_bad_one_is_refused_while_the_process_keeps_serving(moto, run_function):
    too_many = {"watchpostProbe": "member-roles", "accounts": [f"{n:012d}" for n in range(101)]}
    other_question = {"watchpostProbe": "something-else", "accounts": [REACHABLE]}
    a_probe = {"watchpostProbe": "member-roles", "accounts": [REACHABLE]}
    run = run_function("s3-policy-checker", [too_many, other_question, a_probe], env=moto.env())
    refused, other, answered = run.invocations
    assert refused.error["errorType"] == "InvalidEvent" and "at most 100 accounts" in refused.error["errorMessage"]
    # Not the probe: read as s3-policy-checker's own event, which it is not.
    assert other.error["errorType"] == "UnsupportedEvent", other
    assert answered.ok and answered.response["memberRoles"] == [{"account": REACHABLE, "assumed": True}]
