//! `TextIOWrapper` and `IncrementalNewlineDecoder`.
//!
//! The wrapper decodes chunks read through the buffer's `read1` with the
//! builtin codecs (`codecs.rs`: UTF-8, Latin-1, ASCII, UTF-16/32) and the
//! newline rules of its `newline` argument, keeping the decoded characters
//! with the byte offset each one ends at so that `tell` gives the byte
//! position of the next character (CPython's cookie when the decoder
//! state there is clean, as it always is for these codecs at a character
//! boundary). Writes are translated, encoded and collected until a chunk
//! is full, a line ends on a line-buffered stream, or the stream writes
//! through.

use super::*;
use crate::objects::bytes;
use crate::objects::codecs::{self, Codec, Order};
use crate::protocols::clinic::{kw_opt, pos, pos_opt};

const CR: u32 = b'\r' as u32;
const LF: u32 = b'\n' as u32;

/// The newline part of a decoder: a held-back final `\r`, the kinds of
/// line ending seen, and whether `\r\n` and `\r` become `\n`.
#[derive(Default, Clone)]
pub(crate) struct Nl {
    translate: bool,
    pendingcr: bool,
    /// The byte offset the held-back `\r` ends at.
    cr_end: usize,
    /// Seen kinds: 1 `\r`, 2 `\n`, 4 `\r\n`.
    seen: u8,
}

impl Nl {
    /// A decoder translating (or not) `\r\n` and `\r` to `\n`.
    pub(crate) fn with_translate(translate: bool) -> Nl {
        Nl {
            translate,
            ..Default::default()
        }
    }

    /// Decodes newlines in `chars` (with the byte offsets they end at):
    /// a held `\r` goes first, a final `\r` is held unless `last`.
    pub(crate) fn decode(&mut self, chars: &mut Vec<u32>, ends: &mut Vec<usize>, last: bool) {
        if self.pendingcr && (!chars.is_empty() || last) {
            chars.insert(0, CR);
            ends.insert(0, self.cr_end);
            self.pendingcr = false;
        }
        if !last && chars.last() == Some(&CR) {
            chars.pop();
            self.cr_end = ends.pop().unwrap_or(0);
            self.pendingcr = true;
        }
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                CR if chars.get(i + 1) == Some(&LF) => {
                    self.seen |= 4;
                    i += 2;
                    continue;
                }
                CR => self.seen |= 1,
                LF => self.seen |= 2,
                _ => {}
            }
            i += 1;
        }
        if self.translate && chars.contains(&CR) {
            let (mut c2, mut e2) = (
                Vec::with_capacity(chars.len()),
                Vec::with_capacity(chars.len()),
            );
            let mut i = 0;
            while i < chars.len() {
                if chars[i] == CR {
                    if chars.get(i + 1) == Some(&LF) {
                        i += 1;
                    }
                    c2.push(LF);
                } else {
                    c2.push(chars[i]);
                }
                e2.push(ends[i]);
                i += 1;
            }
            *chars = c2;
            *ends = e2;
        }
    }

    /// The `newlines` attribute.
    pub(crate) fn newlines(&self) -> PyResult<Owned> {
        let kinds: Vec<&str> = [(1, "\r"), (2, "\n"), (4, "\r\n")]
            .iter()
            .filter(|(b, _)| self.seen & b != 0)
            .map(|(_, s)| *s)
            .collect();
        match kinds.len() {
            0 => Ok(none()),
            1 => unicode::from_str(kinds[0]),
            _ => {
                let items: Vec<Owned> = kinds
                    .iter()
                    .map(|k| unicode::from_str(k))
                    .collect::<PyResult<_>>()?;
                let ptrs: Vec<*mut PyObject> = items.iter().map(|o| o.as_ptr()).collect();
                tuple::new_from(&ptrs)
            }
        }
    }
}

/// The code points of a str.
///
/// # Safety
/// `s` a live str.
pub(crate) unsafe fn code_points(s: *mut PyObject) -> Vec<u32> {
    // SAFETY: forwarded.
    unsafe { unicode::chars(s).collect() }
}

/// A str from code points.
pub(crate) fn from_cps(c: &[u32]) -> PyResult<Owned> {
    unicode::from_code_points(c)
}

/// The newline-search rule of a reader.
#[derive(Clone, PartialEq)]
pub(crate) enum ReadNl {
    /// After translation: `\n`.
    Translated,
    /// Untranslated universal: `\r`, `\n` or `\r\n`.
    Universal,
    /// Exactly this sequence.
    Exact(Vec<u32>),
}

/// The end (exclusive) of the first line in `c`, if it has a complete
/// one (a `\r` at the end is complete only at `eof`).
pub(crate) fn find_line_end(c: &[u32], rule: &ReadNl, eof: bool) -> Option<usize> {
    match rule {
        ReadNl::Translated => c.iter().position(|&x| x == LF).map(|i| i + 1),
        ReadNl::Universal => {
            let i = c.iter().position(|&x| x == LF || x == CR)?;
            if c[i] == LF {
                return Some(i + 1);
            }
            match c.get(i + 1) {
                Some(&LF) => Some(i + 2),
                Some(_) => Some(i + 1),
                None if eof => Some(i + 1),
                None => None,
            }
        }
        ReadNl::Exact(nl) => c
            .windows(nl.len())
            .position(|w| w == &nl[..])
            .map(|i| i + nl.len()),
    }
}

/// The state of a `TextIOWrapper`.
#[derive(Default)]
pub(crate) struct TextState {
    ok: bool,
    detached: bool,
    buffer: Option<Owned>,
    encoding: String,
    codec: Option<Codec>,
    errors: String,
    readable: bool,
    writable: bool,
    seekable: bool,
    telling: bool,
    has_read1: bool,
    readuniversal: bool,
    readnl: Option<ReadNl>,
    writetranslate: bool,
    writenl: Option<Vec<u32>>,
    line_buffering: bool,
    write_through: bool,
    /// The newline decoder (reading with universal newlines).
    nl: Option<Nl>,
    /// Whether the next write starts with a byte-order mark.
    bom_pending: bool,
    chunk_size: usize,
    /// Decoded characters, consumed from `dpos`, and the byte offset in
    /// `snap` each one ends at.
    decoded: Vec<u32>,
    ends: Vec<usize>,
    dpos: usize,
    /// The bytes read since the snapshot point (the position of
    /// `decoded[0]`'s first byte).
    snap: Vec<u8>,
    has_snapshot: bool,
    /// The decoder flags at the snapshot point (a `\r` held before it).
    snap_flags: i64,
    /// Bytes read and not decoded yet (a sequence cut by the chunk).
    undecoded: Vec<u8>,
    /// Encoded text not given to the buffer yet.
    pending: Vec<u8>,
}

impl State for TextState {
    const KIND: Kind = Kind::Text;
    fn traverse(&self, v: typeobj::visitproc, arg: *mut c_void) -> c_int {
        self.buffer
            .as_ref()
            .map_or(0, |b| visit(b.as_ptr(), v, arg))
    }
    fn clear(&mut self) {
        self.buffer = None;
    }
}

static mut WRAPPER: *mut PyTypeObject = ptr::null_mut();

/// `TextIOWrapper`.
pub(crate) fn wrapper_type() -> *mut PyTypeObject {
    // SAFETY: written once at start-up.
    unsafe { WRAPPER }
}

/// The attached state of `o`.
unsafe fn st<'a>(o: *mut PyObject) -> PyResult<&'a mut TextState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<TextState>(o)? };
    if !s.ok {
        if s.detached {
            return Err(err::value_error("underlying buffer has been detached"));
        }
        return Err(err::value_error("I/O operation on uninitialized object"));
    }
    Ok(s)
}

fn buf_of(s: &TextState) -> Owned {
    // SAFETY: attached states hold a buffer.
    s.buffer
        .as_ref()
        .map(|b| unsafe { Owned::from_borrowed(b.as_ptr()) })
        .unwrap_or_else(none)
}

/// `CHECK_CLOSED`: the buffer is closed.
unsafe fn check_closed(o: *mut PyObject) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        let s = st(o)?;
        if abstract_::is_true(attr(buf_of(s).as_ptr(), "closed")?.as_ptr())? {
            return Err(closed_file());
        }
        Ok(())
    }
}

/// Gives the encoded pending text to the buffer.
unsafe fn writeflush(s: &mut TextState) -> PyResult<()> {
    // SAFETY: forwarded.
    unsafe {
        if s.pending.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut s.pending);
        let b = bytes::from_bytes(&data)?;
        call_method(buf_of(s).as_ptr(), "write", &[b.as_ptr()])?;
        Ok(())
    }
}

/// Forgets decoded data and the snapshot (after a write or a seek).
fn reset_read(s: &mut TextState) {
    s.decoded.clear();
    s.ends.clear();
    s.dpos = 0;
    s.snap.clear();
    s.undecoded.clear();
    s.has_snapshot = false;
    s.snap_flags = 0;
    if let Some(nl) = &mut s.nl {
        nl.pendingcr = false;
    }
}

/// The byte length each character of `text` took in `codec` (None when
/// the lengths cannot be told apart, as after `ignore`).
fn char_lengths(codec: Codec, text: &[u32], errors: &str, consumed: usize) -> Option<Vec<usize>> {
    let lens: Vec<usize> = match codec {
        Codec::Latin1 | Codec::Ascii => vec![1; text.len()],
        Codec::Utf8 => text
            .iter()
            .map(|&c| match c {
                0xdc80..=0xdcff if errors == "surrogateescape" => 1,
                0..=0x7f => 1,
                0x80..=0x7ff => 2,
                0x800..=0xffff => 3,
                _ => 4,
            })
            .collect(),
        Codec::Utf16(_) => text
            .iter()
            .map(|&c| if c >= 0x10000 { 4 } else { 2 })
            .collect(),
        Codec::Utf32(_) => vec![4; text.len()],
    };
    let total: usize = lens.iter().sum();
    if total == consumed {
        return Some(lens);
    }
    // A byte-order mark at the start of the data.
    if total < consumed && consumed - total <= 4 && !lens.is_empty() {
        let mut l = lens;
        l[0] += consumed - total;
        return Some(l);
    }
    None
}

/// Reads and decodes one chunk; true at the end of the stream.
unsafe fn read_chunk(s: &mut TextState) -> PyResult<bool> {
    // SAFETY: forwarded.
    unsafe {
        let Some(codec) = s.codec else {
            return Err(unsupported("not readable"));
        };
        // Everything decoded was consumed: the snapshot restarts at the
        // end of the last character.
        if s.dpos == s.decoded.len() {
            let cut = s.ends.last().copied().unwrap_or(0);
            let cut = cut.min(s.snap.len() - s.undecoded.len());
            s.snap.drain(..cut);
            if cut > 0 {
                s.snap_flags = 0;
            }
            if let Some(nl) = &mut s.nl {
                if nl.pendingcr {
                    nl.cr_end -= cut;
                }
            }
            s.decoded.clear();
            s.ends.clear();
            s.dpos = 0;
        }
        let size = int(s.chunk_size as i64)?;
        let m = if s.has_read1 { "read1" } else { "read" };
        let input = call_method(buf_of(s).as_ptr(), m, &[size.as_ptr()])?;
        let data = if bytes::check(input.as_ptr()) {
            bytes::as_slice(input.as_ptr()).to_vec()
        } else if crate::protocols::buffer::check(input.as_ptr()) {
            buffer_bytes(input.as_ptr())?
        } else {
            return Err(err::type_error(&format!(
                "underlying {m}() should have returned a bytes-like object, not '{}'",
                typeobj::type_name_of(input.as_ptr())
            )));
        };
        let eof = data.is_empty();
        feed(s, codec, &data, eof)?;
        Ok(eof)
    }
}

/// Decodes `data` (the end of the stream after it when `eof`) into the
/// decoded characters, recording the bytes in the snapshot.
fn feed(s: &mut TextState, codec: Codec, data: &[u8], eof: bool) -> PyResult<()> {
    // SAFETY: the decoded str is fresh and live.
    unsafe {
        s.has_snapshot = true;
        s.snap.extend_from_slice(data);
        s.undecoded.extend_from_slice(data);
        let base = s.snap.len() - s.undecoded.len();
        let (text, used) = codecs::decode(&s.undecoded, codec, Some(&s.errors), eof)?;
        s.undecoded.drain(..used);
        let mut chars = code_points(text.as_ptr());
        let lens = char_lengths(codec, &chars, &s.errors, used);
        let mut ends: Vec<usize> = match lens {
            Some(l) => l
                .iter()
                .scan(base, |acc, n| {
                    *acc += n;
                    Some(*acc)
                })
                .collect(),
            None => vec![base + used; chars.len()],
        };
        if let Some(nl) = &mut s.nl {
            nl.decode(&mut chars, &mut ends, eof);
        }
        s.decoded.extend_from_slice(&chars);
        s.ends.extend_from_slice(&ends);
        Ok(())
    }
}

/// Takes `n` decoded characters.
fn take(s: &mut TextState, n: usize) -> Vec<u32> {
    let k = n.min(s.decoded.len() - s.dpos);
    let out = s.decoded[s.dpos..s.dpos + k].to_vec();
    s.dpos += k;
    out
}

unsafe extern "C" fn wrapper_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> c_int {
    static SIG: Sig = Sig::new(
        "TextIOWrapper",
        &[
            arg("buffer"),
            arg_opt("encoding"),
            arg_opt("errors"),
            arg_opt("newline"),
            arg_opt("line_buffering"),
            arg_opt("write_through"),
        ],
    );
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = SIG.bind_call::<6>(args, kw)?;
            let opt_str = |i: usize| -> PyResult<Option<String>> {
                match a.get(i) {
                    None => Ok(None),
                    Some(v) if v == lifecycle::none() => Ok(None),
                    Some(v) if unicode::check(v) => Ok(Some(text(v))),
                    Some(v) => Err(a.bad(i, "str or None", v)),
                }
            };
            let encoding = opt_str(1)?;
            let errors = opt_str(2)?.unwrap_or_else(|| "strict".into());
            let newline = opt_str(3)?;
            if let Some(n) = &newline {
                if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
                    return Err(err::value_error(&format!("illegal newline value: {n}")));
                }
            }
            let line_buffering = a.truth(4, false)?;
            let write_through = a.truth(5, false)?;
            let encoding = match encoding.as_deref() {
                None | Some("locale") => "UTF-8".to_string(),
                Some(e) => e.to_string(),
            };
            let codec = codecs::codec(Some(&encoding))?;
            let buffer = a.req(0);
            let mut s = TextState {
                buffer: Some(Owned::from_borrowed(buffer)),
                encoding,
                errors,
                line_buffering,
                write_through,
                chunk_size: 8192,
                telling: false,
                ..Default::default()
            };
            s.readuniversal = newline.as_deref().is_none_or(|n| n.is_empty());
            let readtranslate = newline.is_none();
            s.readnl = Some(if readtranslate {
                ReadNl::Translated
            } else if s.readuniversal {
                ReadNl::Universal
            } else {
                ReadNl::Exact(
                    newline
                        .as_deref()
                        .unwrap_or("\n")
                        .chars()
                        .map(|c| c as u32)
                        .collect(),
                )
            });
            s.writetranslate = newline.as_deref() != Some("");
            if let Some(n) = newline.as_deref() {
                if n == "\r" || n == "\r\n" {
                    s.writenl = Some(n.chars().map(|c| c as u32).collect());
                }
            }
            s.readable = call_bool(buffer, "readable")?;
            s.writable = call_bool(buffer, "writable")?;
            s.seekable = call_bool(buffer, "seekable")?;
            s.telling = s.seekable;
            s.has_read1 = abstract_::has_attr_str(buffer, "read1");
            if s.readable {
                s.codec = Some(codec);
                if s.readuniversal {
                    s.nl = Some(Nl {
                        translate: readtranslate,
                        ..Default::default()
                    });
                }
            }
            s.codec = Some(codec);
            s.bom_pending = matches!(codec, Codec::Utf16(Order::Bom) | Codec::Utf32(Order::Bom));
            if s.bom_pending && s.seekable && s.writable {
                let p = call_method(buffer, "tell", &[])?;
                if long::as_i64(p.as_ptr(), "position out of range")? != 0 {
                    s.bom_pending = false;
                }
            }
            s.ok = true;
            let writable = s.writable;
            set_state(op, s);
            if writable {
                super::register_writer(op);
            }
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// Encodes `cps` for the stream (a byte-order mark first when due).
unsafe fn encode(s: &mut TextState, text: *mut PyObject) -> PyResult<Vec<u8>> {
    // SAFETY: forwarded.
    unsafe {
        let codec = s.codec.unwrap_or(Codec::Utf8);
        let codec = match codec {
            Codec::Utf16(Order::Bom) if !s.bom_pending => Codec::Utf16(Order::Le),
            Codec::Utf32(Order::Bom) if !s.bom_pending => Codec::Utf32(Order::Le),
            c => c,
        };
        let out = codecs::encode(text, codec, Some(&s.errors))?;
        if !out.is_empty() {
            s.bom_pending = false;
        }
        Ok(out)
    }
}

fastcall! {
    /// `write(text, /)`.
    fn t_write(o, a = Sig::new("write", &[pos("text")])) {
        let t = a.req(0);
        if !unicode::check(t) {
            return Err(a.bad(0, "str", t));
        }
        check_closed(o)?;
        let s = st(o)?;
        if !s.writable {
            return Err(unsupported("not writable"));
        }
        let n = unicode::len_chars(t);
        let mut cps: Option<Vec<u32>> = None;
        let mut haslf = false;
        if (s.writetranslate && s.writenl.is_some()) || s.line_buffering {
            let c = code_points(t);
            haslf = c.contains(&LF);
            cps = Some(c);
        }
        let mut text = Owned::from_borrowed(t);
        if haslf && s.writetranslate {
            if let (Some(nl), Some(c)) = (&s.writenl, &cps) {
                let mut out = Vec::with_capacity(c.len() + 8);
                for &ch in c {
                    if ch == LF {
                        out.extend_from_slice(nl);
                    } else {
                        out.push(ch);
                    }
                }
                text = from_cps(&out)?;
            }
        }
        let needflush = s.line_buffering && (haslf || cps.as_ref().is_some_and(|c| c.contains(&CR)));
        let b = encode(s, text.as_ptr())?;
        if s.pending.len() + b.len() > s.chunk_size {
            writeflush(s)?;
        }
        s.pending.extend_from_slice(&b);
        if s.pending.len() >= s.chunk_size || needflush || s.write_through {
            writeflush(s)?;
        }
        if needflush {
            call_method(buf_of(s).as_ptr(), "flush", &[])?;
        }
        reset_read(s);
        int(n as i64)
    }
}

fastcall! {
    /// `read(size=-1, /)`.
    fn t_read(o, a = Sig::new("read", &[pos_opt("size")])) {
        let n = size_arg(a.get(0), -1)?;
        check_closed(o)?;
        let s = st(o)?;
        if !s.readable {
            return Err(unsupported("not readable"));
        }
        writeflush(s)?;
        if n < 0 {
            let mut out: Vec<u32> = Vec::new();
            loop {
                out.extend(take(s, usize::MAX));
                if read_chunk(s)? {
                    out.extend(take(s, usize::MAX));
                    break;
                }
            }
            return from_cps(&out);
        }
        let n = n as usize;
        while s.decoded.len() - s.dpos < n {
            if read_chunk(s)? {
                break;
            }
        }
        from_cps(&take(s, n))
    }
}

/// `readline` with a limit (negative: none).
unsafe fn readline(o: *mut PyObject, limit: isize) -> PyResult<Owned> {
    // SAFETY: forwarded.
    unsafe {
        check_closed(o)?;
        let s = st(o)?;
        if !s.readable {
            return Err(unsupported("not readable"));
        }
        writeflush(s)?;
        let rule = s.readnl.clone().unwrap_or(ReadNl::Translated);
        let mut eof = false;
        loop {
            let avail = &s.decoded[s.dpos..];
            let mut end = find_line_end(avail, &rule, eof);
            if limit >= 0 && avail.len() >= limit as usize {
                end = Some(end.map_or(limit as usize, |e| e.min(limit as usize)));
            }
            if let Some(e) = end {
                return from_cps(&take(s, e));
            }
            if eof {
                return from_cps(&take(s, usize::MAX));
            }
            eof = read_chunk(s)?;
        }
    }
}

fastcall! {
    /// `readline(size=-1, /)`.
    fn t_readline(o, a = Sig::new("readline", &[pos_opt("size")])) {
        let n = a.ssize(0, -1)?;
        readline(o, n)
    }
}

fastcall! {
    /// `flush()`.
    fn t_flush(o, _a = Sig::new("flush", &[])) {
        check_closed(o)?;
        let s = st(o)?;
        s.telling = s.seekable;
        writeflush(s)?;
        call_method(buf_of(s).as_ptr(), "flush", &[])
    }
}

fastcall! {
    /// `close()`: flushes, then closes the buffer.
    fn t_close(o, _a = Sig::new("close", &[])) {
        let s = st(o)?;
        let buf = buf_of(s);
        if abstract_::is_true(attr(buf.as_ptr(), "closed")?.as_ptr())? {
            return Ok(none());
        }
        let r = call_method(o, "flush", &[]);
        let exc = if r.is_err() { err::take() } else { ptr::null_mut() };
        let c = call_method(buf.as_ptr(), "close", &[]);
        if !exc.is_null() {
            if c.is_err() {
                err::chain1(exc);
            } else {
                err::restore(exc);
            }
            return Err(err::Raised::assume());
        }
        c.map(|_| none())
    }
}

fastcall! {
    /// `detach()`.
    fn t_detach(o, _a = Sig::new("detach", &[])) {
        st(o)?;
        call_method(o, "flush", &[])?;
        let s = st(o)?;
        let b = s.buffer.take().unwrap_or_else(none);
        s.ok = false;
        s.detached = true;
        Ok(b)
    }
}

fastcall! {
    /// `tell()`.
    fn t_tell(o, _a = Sig::new("tell", &[])) {
        check_closed(o)?;
        let s = st(o)?;
        if !s.seekable {
            return Err(unsupported("underlying stream is not seekable"));
        }
        if !s.telling {
            return Err(err::raise(Exc::OSError, "telling position disabled by next() call"));
        }
        call_method(o, "flush", &[])?;
        let s = st(o)?;
        let p = call_method(buf_of(s).as_ptr(), "tell", &[])?;
        if !s.has_snapshot || s.codec.is_none() {
            return Ok(p);
        }
        let pos = long::as_i64(long::index(p.as_ptr())?.as_ptr(), "position out of range")?;
        let start = pos - s.snap.len() as i64;
        let c = cookie_of(s, start)?;
        long::from_bigint(c.build())
    }
}

/// A position `seek` can go back to, as CPython packs it: the byte
/// position of a point where the decoder holds no bytes, the decoder's
/// flags there, then how many bytes to decode and characters to skip
/// (and whether to signal the end of the input) to reach the character.
#[derive(Default)]
struct Cookie {
    start_pos: i64,
    dec_flags: i32,
    bytes_to_feed: i32,
    chars_to_skip: i32,
    need_eof: bool,
}

impl Cookie {
    fn build(&self) -> num_bigint::BigInt {
        use num_bigint::BigInt;
        let mut v = BigInt::from(self.start_pos as u64);
        v += BigInt::from(self.dec_flags as u32) << 64;
        v += BigInt::from(self.bytes_to_feed as u32) << 96;
        v += BigInt::from(self.chars_to_skip as u32) << 128;
        v += BigInt::from(u8::from(self.need_eof)) << 160;
        v
    }

    fn parse(c: &num_bigint::BigInt) -> Cookie {
        use num_bigint::BigInt;
        let word = |shift: u32, bits: u32| -> u64 {
            let m: BigInt = (BigInt::from(1) << bits) - 1;
            let w: BigInt = (c >> shift) & m;
            u64::try_from(w).unwrap_or(0)
        };
        Cookie {
            start_pos: word(0, 64) as i64,
            dec_flags: word(64, 32) as u32 as i32,
            bytes_to_feed: word(96, 32) as u32 as i32,
            chars_to_skip: word(128, 32) as u32 as i32,
            need_eof: word(160, 8) != 0,
        }
    }
}

/// A decoder run byte by byte over the snapshot (CPython's `tell` walk).
struct Walker<'a> {
    codec: Codec,
    errors: &'a str,
    buf: Vec<u8>,
    nl: Option<Nl>,
}

impl Walker<'_> {
    /// Decodes `b`: the number of characters out.
    fn decode(&mut self, b: &[u8], last: bool) -> PyResult<usize> {
        self.buf.extend_from_slice(b);
        let (text, used) = codecs::decode(&self.buf, self.codec, Some(self.errors), last)?;
        self.buf.drain(..used);
        // SAFETY: a fresh str.
        let mut chars = unsafe { code_points(text.as_ptr()) };
        if let Some(nl) = &mut self.nl {
            let mut ends = vec![0; chars.len()];
            nl.decode(&mut chars, &mut ends, last);
        }
        Ok(chars.len())
    }

    /// Whether the decoder holds no bytes, and its flags.
    fn state(&self) -> (bool, i32) {
        (
            self.buf.is_empty(),
            i32::from(self.nl.as_ref().is_some_and(|n| n.pendingcr)),
        )
    }

    fn set_flags(&mut self, flags: i32) {
        self.buf.clear();
        if let Some(nl) = &mut self.nl {
            nl.pendingcr = flags & 1 != 0;
        }
    }
}

/// CPython's cookie for the next character: from the snapshot at
/// `start`, the last point before it where the decoder holds no bytes.
fn cookie_of(s: &TextState, start: i64) -> PyResult<Cookie> {
    let mut cookie = Cookie {
        start_pos: start,
        dec_flags: s.snap_flags as i32,
        ..Default::default()
    };
    let mut chars_to_skip = s.dpos;
    if chars_to_skip == 0 {
        return Ok(cookie);
    }
    let codec = s.codec.unwrap_or(Codec::Utf8);
    let mut w = Walker {
        codec,
        errors: &s.errors,
        buf: Vec::new(),
        nl: s.nl.as_ref().map(|n| Nl::with_translate(n.translate)),
    };
    // A known clean point close before the character: the end of an
    // earlier character not ending in `\r` (ASCII-compatible codecs).
    let mut skip_bytes = 0usize;
    if matches!(codec, Codec::Utf8 | Codec::Latin1 | Codec::Ascii) {
        let mut k = chars_to_skip - 1;
        while k > 0 {
            let e = s.ends[k - 1];
            if e > 0 && e <= s.snap.len() && s.snap[e - 1] != b'\r' && (k < 2 || s.ends[k - 2] < e)
            {
                skip_bytes = e;
                chars_to_skip -= k;
                cookie.dec_flags = 0;
                break;
            }
            k -= 1;
        }
    }
    cookie.start_pos += skip_bytes as i64;
    w.set_flags(cookie.dec_flags);
    let mut chars_decoded = 0usize;
    let input = &s.snap[skip_bytes..];
    let mut i = 0;
    while i < input.len() {
        chars_decoded += w.decode(&input[i..i + 1], false)?;
        cookie.bytes_to_feed += 1;
        let (clean, flags) = w.state();
        if clean && chars_decoded <= chars_to_skip {
            cookie.start_pos += cookie.bytes_to_feed as i64;
            chars_to_skip -= chars_decoded;
            cookie.dec_flags = flags;
            cookie.bytes_to_feed = 0;
            chars_decoded = 0;
        }
        if chars_decoded >= chars_to_skip {
            break;
        }
        i += 1;
    }
    if i == input.len() {
        chars_decoded += w.decode(b"", true)?;
        cookie.need_eof = true;
        if chars_decoded < chars_to_skip {
            return Err(err::raise(
                Exc::OSError,
                "can't reconstruct logical file position",
            ));
        }
    }
    cookie.chars_to_skip = chars_to_skip as i32;
    Ok(cookie)
}

fastcall! {
    /// `seek(cookie, whence=0, /)`.
    fn t_seek(o, a = Sig::new("seek", &[pos("cookie"), pos_opt("whence")])) {
        check_closed(o)?;
        let s = st(o)?;
        if !s.seekable {
            return Err(unsupported("underlying stream is not seekable"));
        }
        let whence = a.ssize(1, 0)?;
        let cookie = a.req(0);
        let zero = int(0)?;
        let is_zero = abstract_::rich_compare_bool(cookie, zero.as_ptr(), 2)?;
        let cookie = match whence {
            1 => {
                if !is_zero {
                    return Err(unsupported("can't do nonzero cur-relative seeks"));
                }
                call_method(o, "tell", &[])?
            }
            2 => {
                if !is_zero {
                    return Err(unsupported("can't do nonzero end-relative seeks"));
                }
                call_method(o, "flush", &[])?;
                let s = st(o)?;
                reset_read(s);
                let two = int(2)?;
                let r = call_method(buf_of(s).as_ptr(), "seek", &[zero.as_ptr(), two.as_ptr()])?;
                s.bom_pending = long::as_i64(r.as_ptr(), "position out of range")? == 0
                    && matches!(s.codec, Some(Codec::Utf16(Order::Bom) | Codec::Utf32(Order::Bom)));
                return Ok(r);
            }
            0 => Owned::from_borrowed(cookie),
            w => return Err(err::value_error(&format!("invalid whence ({w}, should be 0, 1 or 2)"))),
        };
        let lt = abstract_::rich_compare_bool(cookie.as_ptr(), zero.as_ptr(), 0)?;
        if lt {
            return Err(err::value_error(&format!(
                "negative seek position {}", abstract_::repr_string(cookie.as_ptr())?)));
        }
        call_method(o, "flush", &[])?;
        let c = Cookie::parse(&long::to_bigint(long::index(cookie.as_ptr())?.as_ptr()));
        let pos = int(c.start_pos)?;
        let s = st(o)?;
        reset_read(s);
        call_method(buf_of(s).as_ptr(), "seek", &[pos.as_ptr()])?;
        s.snap_flags = c.dec_flags as i64;
        if let Some(nl) = &mut s.nl {
            nl.pendingcr = c.dec_flags & 1 != 0;
            nl.cr_end = 0;
        }
        if c.chars_to_skip > 0 {
            let n = int(c.bytes_to_feed as i64)?;
            let input = call_method(buf_of(s).as_ptr(), "read", &[n.as_ptr()])?;
            let data = buffer_bytes(input.as_ptr())?;
            if let Some(codec) = s.codec {
                feed(s, codec, &data, c.need_eof)?;
            }
            if s.decoded.len() < c.chars_to_skip as usize {
                return Err(err::raise(Exc::OSError, "can't restore logical file position"));
            }
            s.dpos = c.chars_to_skip as usize;
        }
        s.bom_pending = is_zero
            && matches!(s.codec, Some(Codec::Utf16(Order::Bom) | Codec::Utf32(Order::Bom)));
        Ok(cookie)
    }
}

fastcall! {
    /// `truncate(pos=None, /)`.
    fn t_truncate(o, a = Sig::new("truncate", &[pos_opt("pos")])) {
        st(o)?;
        call_method(o, "flush", &[])?;
        let s = st(o)?;
        let p = a.get(0).unwrap_or(lifecycle::none());
        call_method(buf_of(s).as_ptr(), "truncate", &[p])
    }
}

/// Methods forwarded to the buffer.
macro_rules! forward {
    ($name:ident, $py:literal) => {
        fastcall! {
            /// Forwarded to the buffer.
            fn $name(o, _a = Sig::new($py, &[])) {
                let s = st(o)?;
                call_method(buf_of(s).as_ptr(), $py, &[])
            }
        }
    };
}
forward!(t_fileno, "fileno");
forward!(t_seekable, "seekable");
forward!(t_readable, "readable");
forward!(t_writable, "writable");
forward!(t_isatty, "isatty");

fastcall! {
    /// `reconfigure(*, encoding=None, errors=None, newline=None,
    /// line_buffering=None, write_through=None)`.
    fn t_reconfigure(o, a = Sig::new("reconfigure", &[kw_opt("encoding"), kw_opt("errors"),
        kw_opt("newline"), kw_opt("line_buffering"), kw_opt("write_through")])) {
        let s = st(o)?;
        let given = |i: usize| a.get(i).filter(|v| *v != lifecycle::none());
        let opt_str = |i: usize| -> PyResult<Option<String>> {
            match given(i) {
                None => Ok(None),
                Some(v) if unicode::check(v) => Ok(Some(text(v))),
                Some(v) => Err(a.bad(i, "str or None", v)),
            }
        };
        let encoding = opt_str(0)?;
        let errors = opt_str(1)?;
        let newline_given = a.get(2).is_some();
        let newline = opt_str(2)?;
        if let Some(n) = &newline {
            if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
                return Err(err::value_error(&format!("illegal newline value: {n}")));
            }
        }
        if s.dpos < s.decoded.len() && (encoding.is_some() || errors.is_some() || newline_given) {
            return Err(unsupported(
                "It is not possible to set the encoding or newline of stream after the first read"));
        }
        let codec = match &encoding {
            Some(e) if e != "locale" => Some(codecs::codec(Some(e))?),
            Some(_) => Some(Codec::Utf8),
            None => None,
        };
        call_method(o, "flush", &[])?;
        let s = st(o)?;
        if let Some(c) = codec {
            s.codec = Some(c);
            s.encoding = match encoding.as_deref() { Some("locale") => "UTF-8".into(), e => e.unwrap_or("").to_string() };
            s.errors = errors.clone().unwrap_or_else(|| "strict".into());
        } else if let Some(e) = errors {
            s.errors = e;
        }
        if newline_given {
            s.readuniversal = newline.as_deref().is_none_or(|n| n.is_empty());
            let readtranslate = newline.is_none();
            s.readnl = Some(if readtranslate {
                ReadNl::Translated
            } else if s.readuniversal {
                ReadNl::Universal
            } else {
                ReadNl::Exact(newline.as_deref().unwrap_or("\n").chars().map(|c| c as u32).collect())
            });
            s.writetranslate = newline.as_deref() != Some("");
            s.writenl = match newline.as_deref() {
                Some(n @ ("\r" | "\r\n")) => Some(n.chars().map(|c| c as u32).collect()),
                _ => None,
            };
            s.nl = if s.readable && s.readuniversal {
                Some(Nl { translate: readtranslate, ..Default::default() })
            } else {
                None
            };
        }
        if let Some(v) = given(3) {
            s.line_buffering = abstract_::is_true(v)?;
        }
        if let Some(v) = given(4) {
            s.write_through = abstract_::is_true(v)?;
        }
        Ok(none())
    }
}

unsafe extern "C" fn wrapper_iternext(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        match st(o) {
            Ok(s) => s.telling = false,
            Err(e) => return e.into(),
        }
        match readline(o, -1) {
            Ok(line) => {
                if unicode::len_chars(line.as_ptr()) == 0 {
                    if let Ok(s) = st(o) {
                        s.has_snapshot = false;
                        s.snap.clear();
                        s.decoded.clear();
                        s.ends.clear();
                        s.dpos = 0;
                        s.telling = s.seekable;
                    }
                    return ptr::null_mut();
                }
                line.into_raw()
            }
            Err(e) => e.into(),
        }
    }
}

/// A getter of the state.
macro_rules! getter {
    ($name:ident, |$s:ident| $body:expr) => {
        unsafe extern "C" fn $name(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
            // SAFETY: getter on a live object.
            err::into_ptr(unsafe { st(o).and_then(|$s| $body) })
        }
    };
}
getter!(get_encoding, |s| unicode::from_str(&s.encoding));
getter!(get_errors, |s| unicode::from_str(&s.errors));
getter!(get_buffer, |s| Ok(buf_of(s)));
getter!(get_line_buffering, |s| Ok(long::bool_from(
    s.line_buffering
)));
getter!(get_write_through, |s| Ok(long::bool_from(s.write_through)));
getter!(get_newlines, |s| match &s.nl {
    Some(nl) => nl.newlines(),
    None => Ok(none()),
});
getter!(get_name, |s| attr(buf_of(s).as_ptr(), "name"));
getter!(get_closed, |s| attr(buf_of(s).as_ptr(), "closed"));
getter!(get_chunk_size, |s| int(s.chunk_size as i64));

unsafe extern "C" fn set_chunk_size(o: *mut PyObject, v: *mut PyObject, _c: *mut c_void) -> c_int {
    // SAFETY: setter on a live object.
    unsafe {
        let r = (|| -> PyResult<()> {
            let s = st(o)?;
            if v.is_null() {
                return Err(err::raise(Exc::AttributeError, "cannot delete attribute"));
            }
            let n = long::as_ssize(long::index(v)?.as_ptr())?;
            if n <= 0 {
                return Err(err::value_error("a strictly positive integer is required"));
            }
            s.chunk_size = n as usize;
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

/// An attribute for a repr, ignoring `ValueError` (a detached stream).
unsafe fn repr_attr(o: *mut PyObject, name: &str) -> PyResult<Option<String>> {
    // SAFETY: forwarded.
    unsafe {
        match abstract_::lookup_attr(o, unicode::intern(name)?.as_ptr()) {
            Ok(Some(v)) => Ok(Some(abstract_::repr_string(v.as_ptr())?)),
            Ok(None) => Ok(None),
            Err(e) => {
                if err::given_matches(err::occurred(), exceptions::get(Exc::ValueError)) {
                    err::clear();
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }
}

unsafe extern "C" fn wrapper_repr(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: slot on a live object.
    unsafe {
        let r = (|| -> PyResult<Owned> {
            let mut out = format!("<{}", super::fileio::tp_name(o));
            let s = state::<TextState>(o)?;
            let encoding = s.encoding.clone();
            let ok = s.ok;
            if let Some(n) = repr_attr(o, "name")? {
                out.push_str(&format!(" name={n}"));
            }
            if let Some(m) = repr_attr(o, "mode")? {
                out.push_str(&format!(" mode={m}"));
            }
            if ok || !encoding.is_empty() {
                let e = unicode::from_str(&encoding)?;
                out.push_str(&format!(
                    " encoding={}",
                    abstract_::repr_string(e.as_ptr())?
                ));
            }
            out.push('>');
            unicode::from_str(&out)
        })();
        err::into_ptr(r)
    }
}

static mut METHODS: [PyMethodDef; 19] = [
    def(c"detach", t_detach),
    def(c"reconfigure", t_reconfigure),
    def(c"write", t_write),
    def(c"read", t_read),
    def(c"readline", t_readline),
    def(c"flush", t_flush),
    def(c"close", t_close),
    def(c"fileno", t_fileno),
    def(c"seekable", t_seekable),
    def(c"readable", t_readable),
    def(c"writable", t_writable),
    def(c"isatty", t_isatty),
    def(c"seek", t_seek),
    def(c"tell", t_tell),
    def(c"truncate", t_truncate),
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
    typeobj::METHOD_END,
];

static mut GETSET: [PyGetSetDef; 11] = [
    typeobj::getset(c"encoding", Some(get_encoding)),
    typeobj::getset(c"errors", Some(get_errors)),
    typeobj::getset(c"buffer", Some(get_buffer)),
    typeobj::getset(c"line_buffering", Some(get_line_buffering)),
    typeobj::getset(c"write_through", Some(get_write_through)),
    typeobj::getset(c"newlines", Some(get_newlines)),
    typeobj::getset(c"name", Some(get_name)),
    typeobj::getset(c"closed", Some(get_closed)),
    typeobj::getset_rw(c"_CHUNK_SIZE", Some(get_chunk_size), Some(set_chunk_size)),
    typeobj::GETSET_END,
    typeobj::GETSET_END,
];

// ------------------------------------------------------ newline decoder

/// The state of an `IncrementalNewlineDecoder`.
#[derive(Default)]
pub(crate) struct NlState {
    ok: bool,
    decoder: Option<Owned>,
    nl: Nl,
}

impl State for NlState {
    const KIND: Kind = Kind::Newline;
    fn traverse(&self, v: typeobj::visitproc, arg: *mut c_void) -> c_int {
        self.decoder
            .as_ref()
            .map_or(0, |d| visit(d.as_ptr(), v, arg))
    }
    fn clear(&mut self) {
        self.decoder = None;
    }
}

unsafe fn nst<'a>(o: *mut PyObject) -> PyResult<&'a mut NlState> {
    // SAFETY: forwarded.
    let s = unsafe { state::<NlState>(o)? };
    if !s.ok {
        return Err(err::value_error(
            "IncrementalNewlineDecoder.__init__() not called",
        ));
    }
    Ok(s)
}

unsafe extern "C" fn nl_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    static SIG: Sig = Sig::new(
        "IncrementalNewlineDecoder",
        &[arg("decoder"), arg("translate"), arg_opt("errors")],
    );
    // SAFETY: tp_init contract.
    unsafe {
        let r = (|| -> PyResult<()> {
            let a = SIG.bind_call::<3>(args, kw)?;
            let translate = a.truth(1, false)?;
            let d = a.req(0);
            set_state(
                op,
                NlState {
                    ok: true,
                    decoder: (d != lifecycle::none()).then(|| Owned::from_borrowed(d)),
                    nl: Nl {
                        translate,
                        ..Default::default()
                    },
                },
            );
            Ok(())
        })();
        match r {
            Ok(()) => 0,
            Err(e) => e.into(),
        }
    }
}

fastcall! {
    /// `decode(input, final=False)`.
    fn nl_decode(o, a = Sig::new("decode", &[arg("input"), arg_opt("final")])) {
        let s = nst(o)?;
        let last = a.truth(1, false)?;
        let output = match &s.decoder {
            Some(d) => {
                let f = long::bool_from(last);
                let d = Owned::from_borrowed(d.as_ptr());
                let kwn = tuple::new_from(&[unicode::intern("final")?.as_ptr()])?;
                let m = attr(d.as_ptr(), "decode")?;
                let argv = [a.req(0), f.as_ptr()];
                let r = call::vectorcall(m.as_ptr(), argv.as_ptr(), 1, kwn.as_ptr());
                let r = err::from_ptr(r)?;
                if !unicode::check(r.as_ptr()) {
                    return Err(err::type_error(&format!(
                        "decoder should return a string result, not '{}'",
                        typeobj::type_name_of(r.as_ptr()))));
                }
                r
            }
            None => {
                let i = a.req(0);
                if !unicode::check(i) {
                    return Err(err::type_error(&format!(
                        "decoder should return a string result, not '{}'",
                        typeobj::type_name_of(i))));
                }
                Owned::from_borrowed(i)
            }
        };
        let s = nst(o)?;
        let mut chars = code_points(output.as_ptr());
        let mut ends = vec![0usize; chars.len()];
        s.nl.decode(&mut chars, &mut ends, last);
        from_cps(&chars)
    }
}

fastcall! {
    /// `getstate()`.
    fn nl_getstate(o, _a = Sig::new("getstate", &[])) {
        let s = nst(o)?;
        let (buf, mut flag) = match &s.decoder {
            Some(d) => {
                let st = call_method(d.as_ptr(), "getstate", &[])?;
                if !tuple::check(st.as_ptr()) || tuple::size(st.as_ptr()) != 2 {
                    return Err(err::type_error("illegal decoder state"));
                }
                let b = Owned::from_borrowed(tuple::item(st.as_ptr(), 0));
                let f = long::as_i64(tuple::item(st.as_ptr(), 1), "flag too large")?;
                (b, f)
            }
            None => (bytes::from_bytes(b"")?, 0),
        };
        let s = nst(o)?;
        flag <<= 1;
        if s.nl.pendingcr {
            flag |= 1;
        }
        let f = int(flag)?;
        tuple::new_from(&[buf.as_ptr(), f.as_ptr()])
    }
}

fastcall! {
    /// `setstate(state, /)`.
    fn nl_setstate(o, a = Sig::new("setstate", &[pos("state")])) {
        let s = nst(o)?;
        let st = a.req(0);
        if !tuple::check(st) || tuple::size(st) != 2 {
            return Err(err::type_error("state argument must be a tuple"));
        }
        let flag = long::as_i64(tuple::item(st, 1), "flag too large")?;
        s.nl.pendingcr = flag & 1 != 0;
        if let Some(d) = &s.decoder {
            let d = Owned::from_borrowed(d.as_ptr());
            let f = int(flag >> 1)?;
            let t = tuple::new_from(&[tuple::item(st, 0), f.as_ptr()])?;
            call_method(d.as_ptr(), "setstate", &[t.as_ptr()])?;
        }
        Ok(none())
    }
}

fastcall! {
    /// `reset()`.
    fn nl_reset(o, _a = Sig::new("reset", &[])) {
        let s = nst(o)?;
        s.nl.seen = 0;
        s.nl.pendingcr = false;
        if let Some(d) = &s.decoder {
            let d = Owned::from_borrowed(d.as_ptr());
            call_method(d.as_ptr(), "reset", &[])?;
        }
        Ok(none())
    }
}

unsafe extern "C" fn nl_newlines(o: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: getter on a live object.
    err::into_ptr(unsafe { nst(o).and_then(|s| s.nl.newlines()) })
}

static mut NL_METHODS: [PyMethodDef; 5] = [
    def(c"decode", nl_decode),
    def(c"getstate", nl_getstate),
    def(c"setstate", nl_setstate),
    def(c"reset", nl_reset),
    typeobj::METHOD_END,
];

static mut NL_GETSET: [PyGetSetDef; 2] = [
    typeobj::getset(c"newlines", Some(nl_newlines)),
    typeobj::GETSET_END,
];

/// Makes `TextIOWrapper` and `IncrementalNewlineDecoder`.
pub(crate) unsafe fn init_types(out: &mut Vec<(&'static str, *mut PyTypeObject)>) -> PyResult<()> {
    // SAFETY: start-up under the GIL.
    unsafe {
        let mut s = super::iobase::spec(
            c"_io.TextIOWrapper",
            super::iobase::text_type(),
            c"Character and line based layer over a BufferedIOBase object, buffer.",
        );
        s.methods = ptr::addr_of_mut!(METHODS).cast();
        s.getset = ptr::addr_of_mut!(GETSET).cast();
        s.new = Some(new_with::<TextState>);
        s.init = Some(wrapper_init);
        s.repr = Some(wrapper_repr);
        s.iternext = Some(wrapper_iternext);
        WRAPPER = make_type(s)?;
        let t = lifecycle::leak_type();
        (*t).tp_name = c"_io.IncrementalNewlineDecoder".as_ptr();
        (*t).tp_doc = c"Codec used when reading a file in universal newlines mode.".as_ptr();
        (*t).tp_basicsize = std::mem::size_of::<IoObject>() as isize;
        (*t).tp_flags = flags::DEFAULT | flags::BASETYPE | flags::HAVE_GC;
        (*t).tp_dealloc = Some(super::io_dealloc);
        (*t).tp_traverse = Some(super::io_traverse);
        (*t).tp_clear = Some(super::io_clear);
        (*t).tp_getattro = lifecycle::c_api_slots().getattro;
        (*t).tp_methods = ptr::addr_of_mut!(NL_METHODS).cast();
        (*t).tp_getset = ptr::addr_of_mut!(NL_GETSET).cast();
        (*t).tp_new = Some(new_with::<NlState>);
        (*t).tp_init = Some(nl_init);
        (*t).tp_alloc = lifecycle::c_api_slots().alloc;
        (*t).tp_free = lifecycle::c_api_slots().gc_del;
        typeobj::ready_static(t)?;
        out.extend([("TextIOWrapper", WRAPPER), ("IncrementalNewlineDecoder", t)]);
        Ok(())
    }
}
