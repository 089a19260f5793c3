# CPython's own table of regular-expression cases (Lib/test/re_tests.py,
# ~400 patterns, from the stdlib on PYTHONPATH), run as test_re's
# test_re_tests runs them; each case prints its outcome, so the
# comparison with CPython 3.12.1 is line by line.
import re
from test.re_tests import tests, FAIL, SYNTAX_ERROR


def outcome(t):
    if len(t) == 5:
        pattern, s, want, repl, expected = t
    else:
        pattern, s, want = t
        repl = expected = None
    if want == SYNTAX_ERROR:
        try:
            re.compile(pattern)
            return "compiled (expected an error)"
        except re.error as e:
            return "re.error: %s" % e
    obj = re.compile(pattern)
    result = obj.search(s)
    if want == FAIL:
        return "no match" if result is None else "matched %r" % (result.span(),)
    if result is None:
        return "FAILED to match"
    out = [result.span(), result.groups()]
    if repl is not None:
        vardict = {"found": result.group(0), "groups": result.group(), "flags": result.re.flags}
        for i in range(1, 100):
            try:
                gi = result.group(i)
                if gi is None:
                    gi = "None"
            except IndexError:
                gi = "Error"
            vardict["g%d" % i] = gi
        for i in result.re.groupindex.keys():
            gi = result.group(i)
            vardict[i] = "None" if gi is None else gi
        got = eval(repl, vardict)
        out.append(got == expected)
    try:
        bpat, bs = pattern.encode("ascii"), s.encode("ascii")
    except UnicodeEncodeError:
        pass
    else:
        out.append(re.compile(bpat).search(bs) is not None)
        out.append(re.compile(bpat, re.LOCALE).search(bs) is not None)
    start, end = result.span()
    if pattern[:2] != r"\B" and pattern[-2:] != r"\B":
        out.append(re.compile(pattern).search(s, start, end + 1) is not None)
    out.append(re.compile(pattern, re.IGNORECASE).search(s) is not None)
    out.append(re.compile(pattern, re.UNICODE).search(s) is not None)
    return out


for n, t in enumerate(tests):
    try:
        r = outcome(t)
    except Exception as e:
        r = "%s: %s" % (type(e).__name__, e)
    print(n, repr(t[0]), r)
