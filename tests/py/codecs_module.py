# _codecs and CPython's pure-Python codecs module and encodings package
# over it: the registry (lookup with name normalization, register,
# unregister, the cache), encode/decode through it, the error-handler
# registry and the builtin handlers called directly, and the codec
# functions of the builtin codecs (stateful decoding included); json,
# which stands on codecs.
import _codecs
import codecs
import json


def show(label, f, *args, **kwargs):
    try:
        print(label, '->', repr(f(*args, **kwargs)))
    except Exception as e:
        print(label, '->', type(e).__name__, e)


for name in ['utf-8', 'UTF8', 'utf 8', 'U8', 'latin-1', 'Latin_1', 'iso-8859-1', 'ascii',
             'US-ASCII', 'utf-16', 'utf-16-le', 'UTF-32BE', '  utf--8  ', 'nope', 'utf_8.x']:
    show('lookup ' + repr(name), lambda n: codecs.lookup(n).name, name)
show('lookup 1', codecs.lookup, 1)
ci = codecs.lookup('utf-8')
print(type(ci).__name__, ci.name, ci.encode('\xe9'), ci.decode(b'\xc3\xa9'), len(ci))
print(codecs.lookup('utf-8') is codecs.lookup('UTF-8'))

show('encode', codecs.encode, '\xe9\u20ac', 'utf-8')
show('encode default', codecs.encode, 'abc')
show('encode latin-1 strict', codecs.encode, '\u20ac', 'latin-1')
show('encode latin-1 replace', codecs.encode, '\u20ac', 'latin-1', 'replace')
show('decode', codecs.decode, b'\xc3\xa9', 'utf-8')
show('decode bad', codecs.decode, b'\xff', 'utf-8')
show('decode bad ignore', codecs.decode, b'a\xffb', 'utf-8', 'ignore')
show('decode kw', codecs.decode, b'\xe9', encoding='latin-1', errors='strict')
show('encode unknown', codecs.encode, 'a', 'nope')


def search(name):
    if name == 'rot_x':
        return codecs.CodecInfo(lambda s, e='strict': (s[::-1].encode(), len(s)),
                                lambda b, e='strict': (bytes(b).decode()[::-1], len(b)),
                                name='rot-x')
    return None


codecs.register(search)
show('custom encode', codecs.encode, 'abc', 'rot-x')
show('custom decode', codecs.decode, b'abc', 'ROT X')
print(codecs.lookup('rot_x').name)
codecs.unregister(search)
show('after unregister', codecs.lookup, 'rot_x')
show('register non-callable', codecs.register, 1)
show('bad search result', lambda: (codecs.register(lambda n: (1, 2) if n == 'bad_one' else None),
                                   codecs.lookup('bad_one')))

for h in ['strict', 'ignore', 'replace', 'xmlcharrefreplace', 'backslashreplace',
          'surrogateescape', 'surrogatepass', 'nope']:
    show('lookup_error ' + h, lambda n: codecs.lookup_error(n).__name__, h)
enc = UnicodeEncodeError('ascii', 'a\xe9\u20ac\U0001f600b', 1, 4, 'bad')
dec = UnicodeDecodeError('utf-8', b'a\xff\xfeb', 1, 3, 'bad')
tr = UnicodeTranslateError('a\xe9b', 1, 2, 'bad')
for h in ['ignore', 'replace', 'xmlcharrefreplace', 'backslashreplace']:
    f = codecs.lookup_error(h)
    for e in (enc, dec, tr):
        show(h + ' ' + type(e).__name__, f, e)
show('strict', codecs.strict_errors, enc)
show('strict non-exception', codecs.strict_errors, 1)
show('replace non-unicode-error', codecs.replace_errors, ValueError('x'))
show('surrogateescape decode', codecs.lookup_error('surrogateescape'),
     UnicodeDecodeError('utf-8', b'a\xff\xfe', 1, 3, 'bad'))
show('surrogateescape encode', codecs.lookup_error('surrogateescape'),
     UnicodeEncodeError('utf-8', 'a\udcff\udcfe', 1, 3, 'bad'))
show('surrogateescape ascii byte', codecs.lookup_error('surrogateescape'),
     UnicodeDecodeError('utf-8', b'a\x41', 1, 2, 'bad'))
codecs.register_error('mine', lambda e: ('<%d:%d>' % (e.start, e.end), e.end))
show('register_error', lambda: codecs.lookup_error('mine')(enc))
show('register_error non-callable', codecs.register_error, 'x', 1)

show('utf_8_encode', _codecs.utf_8_encode, 'a\xe9')
show('utf_8_encode surrogate', _codecs.utf_8_encode, '\ud800')
show('utf_8_encode surrogatepass', _codecs.utf_8_encode, '\ud800', 'surrogatepass')
show('utf_8_decode partial', _codecs.utf_8_decode, b'a\xc3', None, False)
show('utf_8_decode final', _codecs.utf_8_decode, b'a\xc3', None, True)
show('utf_8_decode memoryview', _codecs.utf_8_decode, memoryview(b'xyz'))
show('utf_8_decode str', _codecs.utf_8_decode, 'x')
show('ascii_encode', _codecs.ascii_encode, 'ab')
show('ascii_decode bad', _codecs.ascii_decode, b'a\x80')
show('latin_1_encode', _codecs.latin_1_encode, '\xff', 'strict')
show('latin_1_decode', _codecs.latin_1_decode, bytearray(b'\xe9'))
show('utf_16_encode', _codecs.utf_16_encode, 'a')
show('utf_16_encode be', _codecs.utf_16_encode, 'a', None, 1)
show('utf_16_decode bom', _codecs.utf_16_decode, b'\xfe\xff\x00a')
show('utf_16_decode partial', _codecs.utf_16_decode, b'\xff\xfea\x00b', None, False)
show('utf_16_le_encode', _codecs.utf_16_le_encode, '\U0001f600')
show('utf_16_be_decode', _codecs.utf_16_be_decode, b'\x00a\x00b')
show('utf_32_encode', _codecs.utf_32_encode, 'a')
show('utf_32_le_decode', _codecs.utf_32_le_decode, b'a\x00\x00\x00')
show('utf_32_be_encode', _codecs.utf_32_be_encode, 'a')
show('encode errors type', _codecs.utf_8_encode, 'a', 1)
for a in [(b'a\x00',), (b'\xff\xfea\x00',), (b'\xfe\xff\x00a',), (b'\xff', None, 0, False),
          (b'\xff\xfe', None, 0, False), (b'a\x00', None, 1), (b'\x00a', None, 1),
          (b'a\x00b', None, -1, False), (b'\xff\xfea\x00', None, -1)]:
    show('utf_16_ex_decode %r' % (a,), _codecs.utf_16_ex_decode, *a)
for a in [(b'a\x00\x00\x00',), (b'\xff\xfe\x00\x00a\x00\x00\x00',),
          (b'\x00\x00\xfe\xff\x00\x00\x00a',), (b'\xff\xfe\x00', None, 0, False)]:
    show('utf_32_ex_decode %r' % (a,), _codecs.utf_32_ex_decode, *a)

dec16 = codecs.getincrementaldecoder('utf-16')()
print(repr(dec16.decode(b'\xff\xfea')), repr(dec16.decode(b'\x00b')), repr(dec16.decode(b'\x00', True)))
dec8 = codecs.getincrementaldecoder('utf-8')()
print(repr(dec8.decode(b'\xe2\x82')), repr(dec8.decode(b'\xac!')))
print(codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.getencoder('ascii')('x'))

print(json.dumps({'a': [1, 2.5, None, True, '\xe9\u20ac'], 'b': {'c': 'd'}}, sort_keys=True))
print(json.dumps([1, {'x': 'y'}], indent=2))
print(json.loads('{"x": [1, 2.5e3, {"y": null, "z": "\\u00e9"}], "t": true}'))
show('json bad', json.loads, '{"x": }')
