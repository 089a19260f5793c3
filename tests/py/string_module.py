# _string (formatter_parser, formatter_field_name_split) and CPython's
# pure-Python string module over it: Formatter, Template, capwords, the
# constants.
import _string
import string


def show(f, *args):
    try:
        r = f(*args)
        if not isinstance(r, (str, int, tuple)) or isinstance(r, bool):
            r = list(r)
        print(repr(args), '->', repr(r))
    except Exception as e:
        print(repr(args), '->', type(e).__name__, e)


print('formatter_parser')
for s in ['a{b!r:c}d{{e}}', '', 'x', '{}', '{0}{1:>{2}}', '}}', '{{', 'a{', 'a}',
          '{!}', '{a!}', '{a!rx}', '{a:{b}}', 'ab{{cd}}ef{g}', '{a[}', '{a[x]b}',
          '{a!x}', 'x{0.y[1]!s:>10}z', 'caf\xe9 {\u20ac}', '{:{:{}}}']:
    show(_string.formatter_parser, s)
print('formatter_field_name_split')
for s in ['a.b[0]', '0.x', 'a[', 'a]', '', '1', 'a[1][x].y', 'a.', 'a[]', 'a.b.c', '[0]',
          'a[0]x', '99999999999999999999', 'a[99999999999999999999]', 'x[-1]', '\u20ac.y']:
    try:
        first, rest = _string.formatter_field_name_split(s)
        print(repr(s), repr(first), end=' ')
        print(list(rest))
    except Exception as e:
        print(repr(s), type(e).__name__, e)
for f in (_string.formatter_parser, _string.formatter_field_name_split):
    show(f, 1)
print(type(_string.formatter_parser('')).__name__,
      type(_string.formatter_field_name_split('a')[1]).__name__)
it = _string.formatter_parser('a{')
for _ in range(2):
    try:
        print(next(it))
    except Exception as e:
        print('next ->', type(e).__name__, e)
print(_string.__doc__, sorted(n for n in dir(_string) if not n.startswith('__')))

print('string')
print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(repr(string.punctuation), repr(string.whitespace), len(string.printable))
print(string.capwords(' hello   big  world '), string.capwords('a-b-c', '-'))
t = string.Template('$who likes ${what} $$5')
print(t.substitute(who='tim', what='kung pao'), t.safe_substitute(who='x'))
show(t.substitute, {'who': 1})
print(t.get_identifiers(), t.is_valid())
print(string.Template('$a $').safe_substitute(a=1))
show(string.Template('$a $').substitute, {'a': 1})
fmt = string.Formatter()
print(fmt.format('{0} {name!r:>8} {x[1]} {y.real}', 'p', name='n', x=[5, 6], y=3))
print(fmt.format('{:{w}.{p}f}', 3.14159, w=10, p=2))
print(list(fmt.parse('a{0}b{c!s}')))
show(fmt.format, '{0} {}', 1, 2)
show(fmt.format, '{} {0}', 1, 2)
show(fmt.format, '{missing}')
show(fmt.format, '{0[}', [1])


class Upper(string.Formatter):
    def format_field(self, value, spec):
        return super().format_field(value, spec).upper()

    def get_value(self, key, args, kwargs):
        if key == 'magic':
            return 'abracadabra'
        return super().get_value(key, args, kwargs)


print(Upper().format('{magic} and {0}', 'x'), Upper().vformat('{a}', (), {'a': 'b'}))
