//! The algorithms `str`, `bytes` and `bytearray` share, written once over
//! slices of code points (`u32`) or bytes (`u8`), as CPython's `stringlib`
//! is instantiated for each: find/count with CPython's index clamping,
//! split/rsplit, replace, strip, partition, padding, `expandtabs`, `zfill`
//! and `splitlines`. Whitespace and line breaks are the caller's
//! predicates, since `str` and `bytes` define them differently.

/// Clamps `[start, end)` to a sequence of `len` items as CPython's
/// `ADJUST_INDICES` does.
pub fn adjust(start: isize, end: isize, len: isize) -> (isize, isize) {
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    (start, end)
}

/// The first index of `sub` in `text[start..end]` (CPython's clamping;
/// an empty `sub` is found at `start` when `start <= end`), or -1.
pub fn find<T: PartialEq>(text: &[T], sub: &[T], start: isize, end: isize) -> isize {
    let (s, e) = adjust(start, end, text.len() as isize);
    if e - s < sub.len() as isize {
        return -1;
    }
    let (s, e) = (s as usize, e as usize);
    if sub.is_empty() {
        return s as isize;
    }
    text[s..e]
        .windows(sub.len())
        .position(|w| w == sub)
        .map_or(-1, |i| (s + i) as isize)
}

/// The last index of `sub` in `text[start..end]`, or -1.
pub fn rfind<T: PartialEq>(text: &[T], sub: &[T], start: isize, end: isize) -> isize {
    let (s, e) = adjust(start, end, text.len() as isize);
    if e - s < sub.len() as isize {
        return -1;
    }
    let (s, e) = (s as usize, e as usize);
    if sub.is_empty() {
        return e as isize;
    }
    text[s..e]
        .windows(sub.len())
        .rposition(|w| w == sub)
        .map_or(-1, |i| (s + i) as isize)
}

/// Non-overlapping occurrences of `sub` in `text[start..end]`.
pub fn count<T: PartialEq>(text: &[T], sub: &[T], start: isize, end: isize) -> usize {
    let (s, e) = adjust(start, end, text.len() as isize);
    if e - s < sub.len() as isize {
        return 0;
    }
    let (s, e) = (s as usize, e as usize);
    if sub.is_empty() {
        return e - s + 1;
    }
    let hay = &text[s..e];
    let (mut i, mut n) = (0, 0);
    while i + sub.len() <= hay.len() {
        if &hay[i..i + sub.len()] == sub {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    n
}

/// Whether `text[start..end]` starts (or, with `at_end`, ends) with `sub`
/// (CPython's `tailmatch`).
pub fn tailmatch<T: PartialEq>(
    text: &[T],
    sub: &[T],
    start: isize,
    end: isize,
    at_end: bool,
) -> bool {
    let (start, end) = adjust(start, end, text.len() as isize);
    let end = end - sub.len() as isize;
    if end < start {
        return false;
    }
    if sub.is_empty() {
        return true;
    }
    let at = if at_end { end } else { start } as usize;
    &text[at..at + sub.len()] == sub
}

/// `split(sep, maxsplit)` with a separator (non-empty).
pub fn split_sep<'a, T: PartialEq>(text: &'a [T], sep: &[T], maxsplit: isize) -> Vec<&'a [T]> {
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts = Vec::new();
    let mut rest = text;
    while parts.len() < limit {
        match rest.windows(sep.len()).position(|w| w == sep) {
            Some(i) => {
                parts.push(&rest[..i]);
                rest = &rest[i + sep.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

/// `rsplit(sep, maxsplit)` with a separator (non-empty), in order.
pub fn rsplit_sep<'a, T: PartialEq>(text: &'a [T], sep: &[T], maxsplit: isize) -> Vec<&'a [T]> {
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts = Vec::new();
    let mut rest = text;
    while parts.len() < limit {
        match rest.windows(sep.len()).rposition(|w| w == sep) {
            Some(i) => {
                parts.push(&rest[i + sep.len()..]);
                rest = &rest[..i];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts.reverse();
    parts
}

/// `split(None, maxsplit)`: runs of whitespace separate, the ends are
/// trimmed, and what follows the last split keeps its trailing whitespace.
pub fn split_ws<T: Copy>(text: &[T], maxsplit: isize, space: impl Fn(T) -> bool) -> Vec<&[T]> {
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts = Vec::new();
    let (mut i, len) = (0, text.len());
    while i < len {
        while i < len && space(text[i]) {
            i += 1;
        }
        if i == len {
            break;
        }
        if parts.len() == limit {
            parts.push(&text[i..]);
            break;
        }
        let j = (i..len).find(|&j| space(text[j])).unwrap_or(len);
        parts.push(&text[i..j]);
        i = j;
    }
    parts
}

/// `rsplit(None, maxsplit)`, in order.
pub fn rsplit_ws<T: Copy>(text: &[T], maxsplit: isize, space: impl Fn(T) -> bool) -> Vec<&[T]> {
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut parts = Vec::new();
    let mut j = text.len();
    while j > 0 {
        while j > 0 && space(text[j - 1]) {
            j -= 1;
        }
        if j == 0 {
            break;
        }
        if parts.len() == limit {
            parts.push(&text[..j]);
            break;
        }
        let i = (0..j).rev().find(|&i| space(text[i])).map_or(0, |i| i + 1);
        parts.push(&text[i..j]);
        j = i;
    }
    parts.reverse();
    parts
}

/// `replace(old, new, count)`.
pub fn replace<T: PartialEq + Copy>(text: &[T], old: &[T], new: &[T], count: isize) -> Vec<T> {
    let mut left = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let mut out = Vec::with_capacity(text.len());
    if old.is_empty() {
        for &c in text {
            if left > 0 {
                out.extend_from_slice(new);
                left -= 1;
            }
            out.push(c);
        }
        if left > 0 {
            out.extend_from_slice(new);
        }
        return out;
    }
    let mut i = 0;
    while i < text.len() {
        if left > 0 && text[i..].starts_with(old) {
            out.extend_from_slice(new);
            i += old.len();
            left -= 1;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// The bounds left after stripping items matching `strip` from the left
/// and/or the right.
pub fn strip_bounds<T: Copy>(
    text: &[T],
    left: bool,
    right: bool,
    strip: impl Fn(T) -> bool,
) -> (usize, usize) {
    let mut a = 0;
    if left {
        while a < text.len() && strip(text[a]) {
            a += 1;
        }
    }
    let mut b = text.len();
    if right {
        while b > a && strip(text[b - 1]) {
            b -= 1;
        }
    }
    (a, b)
}

/// `partition` (or, with `from_right`, `rpartition`) on a non-empty
/// separator: the bounds of the separator, if found.
pub fn partition<T: PartialEq>(text: &[T], sep: &[T], from_right: bool) -> Option<(usize, usize)> {
    let i = if from_right {
        rfind(text, sep, 0, isize::MAX)
    } else {
        find(text, sep, 0, isize::MAX)
    };
    (i >= 0).then(|| (i as usize, i as usize + sep.len()))
}

/// `center`/`ljust`/`rjust` padding: (left, right) fill counts for
/// `width`, with CPython's rounding for `center`.
pub fn pad_counts(len: usize, width: isize, how: u8) -> (usize, usize) {
    let marg = width - len as isize;
    if marg <= 0 {
        return (0, 0);
    }
    let marg = marg as usize;
    match how {
        b'<' => (0, marg),
        b'>' => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    }
}

/// `expandtabs(tabsize)`: tabs to spaces up to the next multiple of
/// `tabsize`; `\n` and `\r` reset the column.
pub fn expandtabs<T: Copy + PartialEq>(
    text: &[T],
    tabsize: isize,
    tab: T,
    space: T,
    nl: T,
    cr: T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(text.len());
    let mut col = 0usize;
    for &c in text {
        if c == tab {
            if tabsize > 0 {
                let incr = tabsize as usize - col % tabsize as usize;
                col += incr;
                out.extend(std::iter::repeat_n(space, incr));
            }
        } else {
            col += 1;
            out.push(c);
            if c == nl || c == cr {
                col = 0;
            }
        }
    }
    out
}

/// `zfill(width)`: zeros on the left, after a leading sign.
pub fn zfill<T: Copy + PartialEq>(text: &[T], width: isize, zero: T, plus: T, minus: T) -> Vec<T> {
    let fill = (width - text.len() as isize).max(0) as usize;
    let mut out = Vec::with_capacity(text.len() + fill);
    out.extend(std::iter::repeat_n(zero, fill));
    out.extend_from_slice(text);
    if fill > 0 && fill < out.len() && (out[fill] == plus || out[fill] == minus) {
        out[0] = out[fill];
        out[fill] = zero;
    }
    out
}

/// `splitlines(keepends)`: `is_break` tells line-break items; `\r\n` is
/// one break (`cr` followed by `nl`).
pub fn splitlines<T: Copy + PartialEq>(
    text: &[T],
    keepends: bool,
    is_break: impl Fn(T) -> bool,
    cr: T,
    nl: T,
) -> Vec<&[T]> {
    let mut parts = Vec::new();
    let (mut i, len) = (0, text.len());
    while i < len {
        let start = i;
        while i < len && !is_break(text[i]) {
            i += 1;
        }
        let eol = i;
        if i < len {
            if text[i] == cr && i + 1 < len && text[i + 1] == nl {
                i += 2;
            } else {
                i += 1;
            }
        }
        parts.push(&text[start..if keepends { i } else { eol }]);
    }
    parts
}
