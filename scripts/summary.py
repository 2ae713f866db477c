"""One or a few readable lines of a function's response, for `make invoke` and `make demo`.
The response itself is the contract (README, per function); this only reads it."""


def summarize(function, response):
    if not isinstance(response, dict):
        return [str(response)]
    return [f"{k}: {v}" for k, v in response.items() if isinstance(v, (str, int, bool))][:6] or [str(response)[:200]]
