"""Records the golden dumps of tests/golden/*.py with CPython 3.12.1.

usage: python3.12 tests/oracle/bless.py   (from crates/compiler)

Each `tests/golden/NAME.py` gets `tests/golden/NAME.dump`: the canonical
dump (see dump.py) of `compile(source, '<snippet>', 'exec')`, and
`tests/golden/NAME.marshal`: that code object as CPython's marshal writes it,
and `tests/golden/NAME.dis`: `dis.dis` of it (code object addresses as 0x0).
"""
import dis
import io
import marshal
import re
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import dump  # noqa: E402

if sys.version_info[:3] != (3, 12, 1):
    sys.exit(f"bless.py must run on CPython 3.12.1, not {sys.version.split()[0]}")
here = os.path.join(os.path.dirname(__file__), "..", "golden")
for name in sorted(os.listdir(here)):
    if not name.endswith(".py"):
        continue
    with open(os.path.join(here, name), "rb") as fh:
        src = fh.read()
    lines, _ = dump.dump_source(src, "<snippet>")
    with open(os.path.join(here, name[:-3] + ".dump"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    with open(os.path.join(here, name[:-3] + ".marshal"), "wb") as fh:
        fh.write(marshal.dumps(compile(src, "<snippet>", "exec", dont_inherit=True)))
    buf = io.StringIO()
    dis.dis(compile(src, "<snippet>", "exec", dont_inherit=True), file=buf)
    text = re.sub(r" at 0x[0-9a-f]+,", " at 0x0,", buf.getvalue())
    with open(os.path.join(here, name[:-3] + ".dis"), "w", encoding="utf-8") as fh:
        fh.write(text)
    print("blessed", name)
