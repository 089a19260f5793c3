# The re package (CPython 3.12.1's pure-Python re over Ophis's _sre):
# the opcodes through ordinary patterns, the Pattern and Match APIs,
# sub/split/finditer semantics, errors.
import re
import _sre


def show(label, f):
    try:
        r = f()
    except Exception as e:
        r = "%s: %s" % (type(e).__name__, e)
    print(label, "->", repr(r))


def m(p, s, flags=0):
    x = re.search(p, s, flags)
    return None if x is None else (x.span(), x.group(), x.groups(), x.lastindex)


# ---- module -----------------------------------------------------------------
print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, repr(_sre.copyright))
print(_sre.getcodesize(), _sre.ascii_iscased(ord("a")), _sre.ascii_iscased(ord("1")))
print(_sre.unicode_iscased(0x130), _sre.unicode_iscased(ord("5")))
print(_sre.ascii_tolower(ord("Q")), _sre.unicode_tolower(0x130), _sre.unicode_tolower(0x41))
print(type(re.compile("a")), type(re.match("a", "a")), re.Pattern, re.Match)
print(type(re.compile("a").scanner("a")).__name__)
print(re.Pattern[str], re.Match[bytes])

# ---- literals, classes, categories --------------------------------------------
cases = [
    (r"abc", "xxabcxx"),
    (r"a.c", "a\nc abc"),
    (r"(?s)a.c", "a\nc"),
    (r"[abc]+", "xxcabbay"),
    (r"[^abc]+", "abcxyzabc"),
    (r"[a-fA-F0-9]+", "zz0aF9g"),
    (r"[\d\s]+", "ab1 2\t3c"),
    (r"\d+", "x\u0663\u0664y"),
    (r"(?a)\d+", "x\u0663\u0664y12"),
    (r"\w+", "--h\u00e9llo_w--"),
    (r"(?a)\w+", "--h\u00e9llo_w--"),
    (r"\W+", "ab!?cd"),
    (r"\s+", "a\u2003\u00a0b"),
    (r"\S+", "  xy  "),
    (r"\D+", "12ab34"),
    (r"[\u0100-\u0200]+", "a\u0101\u0150\u0201"),
    (r"[\U0001F600-\U0001F64F]+", "ok \U0001F600\U0001F601!"),
    (r"[^\x00-\x7f]+", "abc\u00e9\u4e2d\U0001F600d"),
    (r"[a-z\u4e00-\u9fff]+", "\u4e2d\u6587abc!"),
    (r"[.^$*+?{}()|\[\]\\]+", "ab.^$*+?{}c"),
    (r"a{3}", "aaaa"),
    (r"a{2,3}", "aaaa"),
    (r"a{2,}", "a aaaaa"),
    (r"x*", "aaa"),
    (r"ab*c", "ac abbbc"),
    (r"ab+?", "abbb"),
    (r"ab*?c", "abbbc"),
    (r"a??b", "ab"),
    (r"(ab)*", "ababab"),
    (r"(a|b)*c", "abbac"),
    (r"(?:ab|cd)+?e", "abcde"),
    (r"(a*)*b", "aaab"),
    (r"(a*)+b", "aab"),
    (r"(a|)+b", "aab"),
    (r"(?:a{0,2}){3}b", "aaaab"),
    (r"((a)|b)+", "ab"),
    (r"(a)|(b)", "b"),
    (r"(?:(a)|b)*", "ab"),
    (r"(a+)(b+)?", "aac"),
    (r"((a)(b))", "ab"),
]
for p, s in cases:
    show("search %r %r" % (p, s), lambda: m(p, s))

# ---- anchors and boundaries -----------------------------------------------
for p, s, fl in [
    (r"^abc", "abc\nabc", 0),
    (r"^abc", "x\nabc", re.M),
    (r"abc$", "abc\nabc\n", 0),
    (r"abc$", "abc\nx", re.M),
    (r"\Aabc", "abc", 0),
    (r"abc\Z", "abc\n", 0),
    (r"abc\Z", "abc", 0),
    (r"\bfoo\b", "a foo b", 0),
    (r"\Bfoo", "afoo", 0),
    (r"\b\w+\b", "\u00e9t\u00e9 ici", 0),
    (r"(?a)\b\w+\b", "\u00e9t\u00e9 ici", 0),
    (r"$", "ab\n", 0),
    (r"(?m)^", "a\nb", 0),
]:
    show("anchor %r %r %d" % (p, s, fl), lambda: m(p, s, fl))
print(re.findall(r"(?m)^\w+$", "one\ntwo\n\nthree\n"))
print(re.findall(r"^", "a\nb\n", re.M), re.findall(r"$", "a\nb\n", re.M))
print([x.span() for x in re.finditer(r"\b", "ab cd")])
print(re.sub(r"\B", "-", "abc de"))

# ---- groups, names, backreferences ----------------------------------------
x = re.match(r"(?P<first>\w+) (?P<last>\w+)(?P<x>!)?", "Jane Doe")
print(x.group(), x.group(1), x.group("last"), x.group(1, "last", 0), x["first"], x[2])
print(x.groups(), x.groups("-"), x.groupdict(), x.groupdict(0))
print(x.start(), x.end(), x.span("last"), x.start(3), x.span(3), x.regs)
print(x.lastindex, x.lastgroup, x.pos, x.endpos, x.string, x.re)
print(x.re.groupindex, type(x.re.groupindex).__name__, x.re.groups, x.re.pattern, x.re.flags)
show("group 5", lambda: x.group(5))
show("group -1", lambda: x.group(-1))
show("group name", lambda: x.group("nope"))
show("group list", lambda: x.group([]))
show("start 9", lambda: x.start(9))
print(re.match(r"(a)(b)?", "a").lastindex, re.match(r"(a)(?:b)", "ab").lastgroup)
print(re.match(r"((a)b)", "ab").lastindex, re.match(r"(?P<o>(?P<i>a)b)", "ab").lastgroup)
for p, s in [
    (r"(\w+)\s+\1", "hello hello world"),
    (r"(?P<q>['\"]).*?(?P=q)", "say 'hi' \"there\""),
    (r"(a)|\1", "x"),
    (r"(?i)(ab)\1", "abAB"),
    (r"(?i)(\u00e9)\1", "\u00e9\u00c9"),
    (r"(?:(a)|b)\1", "ba"),
    (r"(a)?(?(1)b|c)", "ab ac c"),
    (r"(?P<n>a)?(?(n)b|c)", "c"),
    (r"(?:(x)|y)(?(1)z)", "yz"),
    (r"^(<)?\w+(?(1)>)$", "<tag>"),
    (r"^(<)?\w+(?(1)>)$", "<tag"),
]:
    show("ref %r %r" % (p, s), lambda: m(p, s))

# ---- look-arounds, atomic groups, possessive quantifiers ------------------
for p, s in [
    (r"foo(?=bar)", "foobaz foobar"),
    (r"foo(?!bar)", "foobar foobaz"),
    (r"(?<=-)\w+", "spam-egg"),
    (r"(?<!-)\b\w+", "-spam egg"),
    (r"(?<=ab)c", "abc"),
    (r"(?<=a(b))c", "abc"),
    (r"(?<=\d{3})x", "12x 123x"),
    (r"(?=(\w+))\w", "abc"),
    (r"(?!a)\w+", "abc bcd"),
    (r"(?<!^)x", "xax"),
    (r"(?>a+)b", "aaab"),
    (r"(?>a+)ab", "aaab"),
    (r"(?>ab|a)c", "abc"),
    (r"(?>a|ab)c", "abc"),
    (r"a++b", "aaab"),
    (r"a++ab", "aaab"),
    (r"a*+a", "aaa"),
    (r"a?+a", "a"),
    (r"(?:ab)++c", "ababc"),
    (r"(?:ab)++abc", "ababc"),
    (r"(?:a|b)*+b", "aab"),
    (r"(?:a|b){1,2}+c", "abbc"),
    (r"(?:x?)*+y", "xxy"),
    (r"(a)(?=(b))?", "ab"),
]:
    show("look %r %r" % (p, s), lambda: m(p, s))

# ---- flags --------------------------------------------------------------------
for p, s, fl in [
    (r"hello", "HeLLo", re.I),
    (r"[a-z]+", "ABCdef", re.I),
    (r"stra\u00dfe", "STRASSE", re.I),
    (r"\u00c4\u00d6\u00dc", "\u00e4\u00f6\u00fc", re.I),
    (r"[\u00e0-\u00ff]+", "\u00c0\u00c9\u00ff", re.I),
    (r"\u03c3+", "\u03a3\u03c3\u03c2", re.I),
    (r"k", "\u212a", re.I),
    (r"k", "\u212a", re.I | re.A),
    (r"[k]", "\u212a", re.I),
    (r"[^k]", "\u212a", re.I),
    (r"i", "\u0130", re.I),
    (r"\u0131", "I", re.I),
    (r"s", "\u017f", re.I),
    (r"[a-z]", "\u212a", re.I),
    (r"x", "X", re.I | re.A),
    (r"a.b", "a\nb", re.S),
    (r"""a  # an a
         b+  # bs
      """, "abbb", re.X),
    (r"(?x) a \  b [ ] ", "a b ", 0),
    (r"(?i:A)b", "ab aB", 0),
    (r"(?-i:A)b", "Ab ab", re.I),
]:
    show("flag %r %r %d" % (p, s, fl), lambda: m(p, s, fl))
print(repr(re.compile("ab", re.I | re.M)), repr(re.compile(b"x", re.L)))
print(repr(re.compile("a" * 300)))
print(repr(re.compile("x", re.A | re.X | re.S)), repr(re.compile(b"x")))
print(re.compile("(?i)x").flags, re.compile(b"x").flags, re.compile("x", re.A).flags)

# ---- bytes --------------------------------------------------------------------
print(re.findall(rb"[a-c]+", b"xxabcyyba"))
print(re.match(rb"(\w+) (\w+)", b"hello world").groups())
print(re.sub(rb"o", b"0", b"foo boo"), re.split(rb"\s+", b"a b  c"))
print(re.search(rb"\d+", bytearray(b"ab123")), re.search(rb"b+", memoryview(b"abbbc")).group())
print(re.match(rb"(?i)K", b"k"), re.match(rb"\xe9", b"\xe9"), re.match(rb"(?L)\w", b"a"))
print(re.sub(rb"(a)", rb"<\1>", bytearray(b"banana")))
print(re.fullmatch(rb".*", b"abc\xff"))

# ---- match / fullmatch / search with pos and endpos -----------------------
p = re.compile(r"\w+")
print(p.match("ab cd", 3), p.match("ab cd", 2), p.search("ab cd", 1, 4), p.fullmatch("abcd", 1, 3))
print(p.match("abc", -5), p.search("abc", 10), p.search("abc", 1, -1), p.match("abc", endpos=2))
print(re.compile(r"^b").search("ab", 1), re.compile(r"(?m)^b").search("a\nb", 2))
print(re.compile(r"(?<=a)b").search("ab", 1), re.compile(r"b$").search("abc", 0, 2))
print(re.fullmatch(r"a|ab", "ab"), re.fullmatch(r"a*?", "aaa"), re.fullmatch(r"a+", "aab"))
print(re.fullmatch(r"(?:a|ab)(?:c|bcd)", "abcd"))
x = re.compile("b").search("abc", 1, 2)
print(x, x.pos, x.endpos)

# ---- findall / finditer / split / sub ----------------------------------------
print(re.findall(r"\d+", "a12b345c6"), re.findall(r"(\w)(\d)", "a1b2c"), re.findall(r"(a)|b", "ab"))
print(re.findall(r"", "abc"), re.findall(r"a*", "baaac"), re.findall(r"\b|:+", "a::bc"))
print([x.span() for x in re.finditer(r"x*", "axxb")])
print([x.group() for x in re.compile(r"\w+").finditer("one two  three", 4)])
print(re.split(r",", "a,b,,c"), re.split(r"(,)", "a,b"), re.split(r"(,)|(;)", "a,b;c"))
print(re.split(r"x*", "axbc"), re.split(r"\b", "a b"), re.split(r"", "abc"))
print(re.split(r",", "a,b,c,d", maxsplit=2), re.split(r"(?m)^$", "a\n\nb\n"))
print(re.sub(r"x*", "-", "abxd"), re.sub(r"a", "b", "aaa", count=2), re.subn(r"a", "b", "banana"))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@example x@y"))
print(re.sub(r"(?P<w>\w+)", r"[\g<w>|\g<1>|\g<0>]", "hi yo"))
print(re.sub(r"(a)|b", r"<\1>", "ab"), re.sub(r"a", r"\n\t\\", "a"), re.sub("a", "\\\\x", "a"))
print(re.sub(r"\d", lambda x: str(int(x.group()) * 2), "a1b2c3"))
print(re.sub(r"a", lambda x: None, "banana") if False else re.sub(r"(n)", lambda x: x.group(1).upper(), "banana"))
print(re.subn(r"", "-", "abc"), re.sub(r"(?=b)", "^", "abab"))
print(re.sub("a", "x", ""), re.sub("", "x", ""), re.sub(rb"a", b"x", b"aba"))
print(re.compile(r"(\w)(\w)").sub(r"\2\1", "abcd"), re.escape("a.b*c"), re.escape(b"a b"))
x = re.match(r"(\w+) (?P<b>\w+)", "hello world")
print(x.expand(r"\2 \1 \g<b>!"), x.expand(rb"x".decode()))
print(list(re.compile(r"\d").scanner("a1b2").search() for _ in range(1)))
sc = re.compile(r"\d").scanner("12a3")
print(sc.match(), sc.match(), sc.match(), sc.match(), sc.pattern)
sc = re.compile(r"\d").scanner("12a3")
print(sc.search(), sc.search(), sc.search(), sc.search())
print(re.compile(r"\d").scanner("12a3", 1, 3).search())

# ---- Pattern object -------------------------------------------------------
a, b = re.compile("ab+"), re.compile("ab+")
print(a == b, a != b, hash(a) == hash(b), a == re.compile("ab+", re.I), a == "ab+", a is re.compile("ab+"))
import copy
print(copy.copy(a) is a, copy.deepcopy(a) is a, copy.copy(x) is x, copy.deepcopy(x) is x)
print(re.compile(a) is a, re.purge(), re.compile(r"(?P<n>x)(y)").groupindex)
show("groupindex assign", lambda: setattr(a, "pattern", "x"))
show("groupindex set", lambda: re.compile(r"(?P<n>x)").groupindex.__setitem__("n", 2))
show("instantiate Pattern", lambda: re.Pattern())
show("instantiate Match", lambda: re.Match())
print(bool(re.match("", "")), re.match("(a)", "a").regs)
print(re.compile(r"\w+").findall("ab cd", 1, 4), re.compile(r"(a)(b)").groups)
import copyreg
print(copyreg.dispatch_table[re.Pattern](re.compile(r"a+b", re.I))[1])

# ---- repr of matches ------------------------------------------------------
print(re.match(r".*", "x" * 100))
print(re.match(r".*", "it's \"q\""), re.match(rb".*", b"\x00\xffa"))
print(re.search(r"\u00e9+", "a\u00e9\u00e9"), re.search("\U0001F600", "a\U0001F600"))

# ---- errors ---------------------------------------------------------------
for p in [r"(", r"a)", r"[a", r"a**", r"*a", r"(?P<1>a)", r"(?P<a>x)(?P<a>y)", r"\1",
          r"(?<=a+)b", r"a{2,1}", r"(?z)", r"\p", r"[z-a]", r"(?(2)a)", r"x{99999999999}",
          r"(?P=nope)", r"(?#unterminated", r"a\\", "a\\"]:
    try:
        re.compile(p)
        print("compiled", repr(p))
    except re.error as e:
        print("re.error", repr(p), "|", e, "|", e.pos, e.lineno, e.colno)
    except OverflowError as e:
        print("OverflowError", repr(p), "|", e)
show("str on bytes", lambda: re.match("a", b"a"))
show("bytes on str", lambda: re.match(b"a", "a"))
show("int subject", lambda: re.match("a", 3))
show("sub bytes repl", lambda: re.sub("a", b"x", "a"))
show("sub int repl", lambda: re.sub("a", 1, "a"))
show("sub bad group", lambda: re.sub("a", r"\2", "a"))
show("sub bad name", lambda: re.sub("(?P<x>a)", r"\g<y>", "a"))
show("sub func result", lambda: re.sub("a", lambda m: 3, "a"))
show("sub bytes func", lambda: re.sub(b"a", lambda m: "x", b"a"))
show("expand bad", lambda: re.match("a", "a").expand(r"\1"))
show("compile code", lambda: _sre.compile("a", 0, (1,), 0, {}, ()))
show("bad mark", lambda: _sre.compile("a", 0, [17, 5, 1], 0, {}, ()))
show("no success", lambda: _sre.compile("a", 0, [16, 97], 0, {}, ()))
show("bad opcode", lambda: _sre.compile("a", 0, [99, 1], 0, {}, ()))
show("code overflow", lambda: _sre.compile("a", 0, [2 ** 40, 1], 0, {}, ()))
show("good code", lambda: _sre.compile("a", 0, [16, 97, 1], 0, {}, ()).match("ab"))
show("template", lambda: _sre.template("a", ()))
show("template odd", lambda: _sre.template("a", ["x", 1]))
show("match kw", lambda: re.compile("a").match(string="a", pos=0, endpos=1))
show("match bad kw", lambda: re.compile("a").match("a", bogus=1))
show("findall args", lambda: re.compile("a").findall())
show("split maxsplit str", lambda: re.compile("a").split("a", "x"))

# ---- performance sanity: long subjects, no deep recursion -----------------
s = "a" * 100000
print(len(re.match(r"(a)*", s).group()), len(re.match(r"(?:a|b)*c?", s).group()))
print(len(re.match(r"a*?$", s).group()), len(re.findall(r"a", s)), len(re.sub(r"a", "bb", s)))
print(re.match(r"(?:(a)|b)*", s).span(1), len(re.search(r"(a+)+$", s).group()))
print(re.search(r"x", s), len(re.split(r"(?<=a)(?=a)", "a" * 1000)))
print(len(re.match(r"(?>(?:a|b)+)", s).group()), len(re.match(r"(?:a{1,3})++", s).group()))

# ---- modules that use re ---------------------------------------------------
import textwrap
print(textwrap.fill("The quick brown fox jumps over the lazy dog. " * 3, 30))
print(textwrap.dedent("    a\n      b\n    c"), textwrap.shorten("hello   world  again", 14))

# ---- what re._compiler needs from bytes and int ----------------------------
table = bytes(range(256))[::-1]
print(b"abc".translate(table), bytearray(b"hello").translate(None, b"l"), b"abc".translate(None))
print(bytearray(b"ab").translate(table, delete=b"a"), type(bytearray(b"x").translate(None)).__name__)
show("translate short", lambda: b"a".translate(b"xy"))
print(int(bytearray(b"101"), 2), int(b"ff", 16), int(bytearray(b" 7 "), 0))
show("int bytearray base", lambda: int(bytearray(b"12x"), 10))

# ---- argument errors --------------------------------------------------------
mm = re.match("(a)", "a")
show("group kw", lambda: mm.group(x=1))
show("start kw", lambda: mm.start(group=1))
show("groups 2 args", lambda: mm.groups(1, 2))
show("span 2 args", lambda: mm.span(0, 1))
show("expand no args", lambda: mm.expand())
show("sub 1 arg", lambda: re.compile("a").sub("b"))
show("big index", lambda: mm[10 ** 30])
show("bool index", lambda: mm.group(True))
show("big pos", lambda: re.compile("a").match("a", 2 ** 70))

# ---- a scanner holds its bytes-like subject's buffer -----------------------
ba = bytearray(b"a1b2c3")
it = re.finditer(rb"\d", ba)
print(next(it))
show("resize while scanning", lambda: ba.append(52))
print([x.group() for x in it])
del it
ba.append(53)
print(ba)
