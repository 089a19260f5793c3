//! The matching engine of `_sre`: a backtracking matcher over the code
//! that CPython 3.12.1's `re._compiler` emits (`re._constants`, MAGIC
//! 20221023), for any text whose characters can be read by index (the
//! three PEP 393 kinds of `str`, and bytes).
//!
//! Nothing recurses per character: the matcher is one loop over an
//! explicit stack of choice points (`Bt`). Captures, `lastindex` and the
//! repeat contexts of `REPEAT`/`MAX_UNTIL`/`MIN_UNTIL` change only through
//! a trail of undo records, so backtracking to a choice point restores
//! the state it saw. As in CPython, a group is visible only up to
//! `lastmark`, and some choice points restore only `lastmark` and
//! `lastindex` (outside repeats): mark values left by a failed
//! alternative below `lastmark` stay visible, as CPython's do. The sub-matches that CPython runs as nested
//! calls (look-arounds, atomic groups, possessive repeats) are bodies
//! entered over a barrier entry; they are all atomic, so when a body
//! reaches its `SUCCESS` the choice points above its barrier are cut, and
//! when backtracking reaches the barrier the body has failed.

/// Opcodes of `re._constants.OPCODES`.
#[allow(missing_docs)]
pub mod op {
    pub const FAILURE: u32 = 0;
    pub const SUCCESS: u32 = 1;
    pub const ANY: u32 = 2;
    pub const ANY_ALL: u32 = 3;
    pub const ASSERT: u32 = 4;
    pub const ASSERT_NOT: u32 = 5;
    pub const AT: u32 = 6;
    pub const BRANCH: u32 = 7;
    pub const CATEGORY: u32 = 8;
    pub const CHARSET: u32 = 9;
    pub const BIGCHARSET: u32 = 10;
    pub const GROUPREF: u32 = 11;
    pub const GROUPREF_EXISTS: u32 = 12;
    pub const IN: u32 = 13;
    pub const INFO: u32 = 14;
    pub const JUMP: u32 = 15;
    pub const LITERAL: u32 = 16;
    pub const MARK: u32 = 17;
    pub const MAX_UNTIL: u32 = 18;
    pub const MIN_UNTIL: u32 = 19;
    pub const NOT_LITERAL: u32 = 20;
    pub const NEGATE: u32 = 21;
    pub const RANGE: u32 = 22;
    pub const REPEAT: u32 = 23;
    pub const REPEAT_ONE: u32 = 24;
    pub const MIN_REPEAT_ONE: u32 = 26;
    pub const ATOMIC_GROUP: u32 = 27;
    pub const POSSESSIVE_REPEAT: u32 = 28;
    pub const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub const GROUPREF_IGNORE: u32 = 30;
    pub const IN_IGNORE: u32 = 31;
    pub const LITERAL_IGNORE: u32 = 32;
    pub const NOT_LITERAL_IGNORE: u32 = 33;
    pub const GROUPREF_LOC_IGNORE: u32 = 34;
    pub const IN_LOC_IGNORE: u32 = 35;
    pub const LITERAL_LOC_IGNORE: u32 = 36;
    pub const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub const GROUPREF_UNI_IGNORE: u32 = 38;
    pub const IN_UNI_IGNORE: u32 = 39;
    pub const LITERAL_UNI_IGNORE: u32 = 40;
    pub const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub const RANGE_UNI_IGNORE: u32 = 42;
}

/// `MAXREPEAT`: an unbounded repeat's maximum.
pub const MAXREPEAT: u32 = u32::MAX;
/// `MAXGROUPS`.
pub const MAXGROUPS: u32 = i32::MAX as u32 / 2;

const INFO_PREFIX: u32 = 1;
const INFO_CHARSET: u32 = 4;

/// Characters of a subject, read by index.
pub trait Text {
    /// The number of characters.
    fn size(&self) -> usize;
    /// Character `i` (`i < len`).
    fn at(&self, i: usize) -> u32;
    /// The first position in `from..to` (`to <= len`) holding `c`, or
    /// `to`.
    fn find(&self, c: u32, from: usize, to: usize) -> usize {
        (from..to).find(|&i| self.at(i) == c).unwrap_or(to)
    }
}

impl Text for [u8] {
    #[inline]
    fn size(&self) -> usize {
        <[u8]>::len(self)
    }
    #[inline]
    fn at(&self, i: usize) -> u32 {
        self[i] as u32
    }
    fn find(&self, c: u32, from: usize, to: usize) -> usize {
        if c > 255 || from >= to {
            return to;
        }
        let hay = &self[from..to];
        // SAFETY: `memchr` reads `hay.len()` bytes of a live slice.
        let hit = unsafe { libc::memchr(hay.as_ptr().cast(), c as libc::c_int, hay.len()) };
        if hit.is_null() {
            to
        } else {
            from + (hit as usize - hay.as_ptr() as usize)
        }
    }
}
impl Text for [u16] {
    #[inline]
    fn size(&self) -> usize {
        <[u16]>::len(self)
    }
    #[inline]
    fn at(&self, i: usize) -> u32 {
        self[i] as u32
    }
}
impl Text for [u32] {
    #[inline]
    fn size(&self) -> usize {
        <[u32]>::len(self)
    }
    #[inline]
    fn at(&self, i: usize) -> u32 {
        self[i]
    }
}

// ---- character predicates -------------------------------------------------

use crate::objects::strmethods;
use crate::objects::unicode_props as props;

fn first_of_map(t: &[(u32, [u32; 3])], c: u32) -> u32 {
    match t.binary_search_by_key(&c, |e| e.0) {
        Ok(i) => t[i].1[0],
        Err(_) => c,
    }
}

/// `Py_UNICODE_TOLOWER` (the first character of the full mapping, as
/// CPython's extended-case records give it).
pub fn lower_unicode(c: u32) -> u32 {
    if c < 128 {
        return lower_ascii(c);
    }
    first_of_map(&props::LOWER_MAP, c)
}

/// `Py_UNICODE_TOUPPER`.
pub fn upper_unicode(c: u32) -> u32 {
    if c < 128 {
        return upper_ascii(c);
    }
    first_of_map(&props::UPPER_MAP, c)
}

/// `sre_lower_ascii`.
pub fn lower_ascii(c: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&c) {
        c + 32
    } else {
        c
    }
}

fn upper_ascii(c: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&c) {
        c - 32
    } else {
        c
    }
}

/// The C locale's `tolower` for characters below 256 (Ophis runs in the
/// C locale).
fn lower_locale(c: u32) -> u32 {
    lower_ascii(c)
}
fn upper_locale(c: u32) -> u32 {
    upper_ascii(c)
}

fn is_ascii_alnum(c: u32) -> bool {
    c < 128 && (c as u8).is_ascii_alphanumeric()
}
fn is_word(c: u32) -> bool {
    is_ascii_alnum(c) || c == b'_' as u32
}
fn is_uni_word(c: u32) -> bool {
    if c < 128 {
        return is_word(c);
    }
    strmethods::is_alnum(c)
}
fn is_uni_digit(c: u32) -> bool {
    if c < 128 {
        return (c as u8).is_ascii_digit();
    }
    strmethods::is_decimal(c)
}
fn is_uni_space(c: u32) -> bool {
    if c < 128 {
        return matches!(c, 9..=13 | 28..=32);
    }
    strmethods::is_space(c)
}
fn is_uni_linebreak(c: u32) -> bool {
    matches!(c, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

/// `sre_category`.
fn category(code: u32, c: u32) -> bool {
    match code {
        0 => c < 128 && (c as u8).is_ascii_digit(),
        1 => !(c < 128 && (c as u8).is_ascii_digit()),
        2 => matches!(c, 9..=13 | 32),
        3 => !matches!(c, 9..=13 | 32),
        4 | 8 => is_word(c),
        5 | 9 => !is_word(c),
        6 => c == 10,
        7 => c != 10,
        10 => is_uni_digit(c),
        11 => !is_uni_digit(c),
        12 => is_uni_space(c),
        13 => !is_uni_space(c),
        14 => is_uni_word(c),
        15 => !is_uni_word(c),
        16 => is_uni_linebreak(c),
        17 => !is_uni_linebreak(c),
        _ => false,
    }
}

/// `SRE(charset)`: whether `c` is in the set starting at `code[at]`.
/// `None` for malformed code.
#[inline]
fn in_charset(code: &[u32], mut at: usize, c: u32) -> Option<bool> {
    let mut ok = true;
    loop {
        match *code.get(at)? {
            op::FAILURE => return Some(!ok),
            op::LITERAL => {
                if c == *code.get(at + 1)? {
                    return Some(ok);
                }
                at += 2;
            }
            op::CATEGORY => {
                if category(*code.get(at + 1)?, c) {
                    return Some(ok);
                }
                at += 2;
            }
            op::CHARSET => {
                let words = code.get(at + 1..at + 9)?;
                if c < 256 && words[(c / 32) as usize] & (1 << (c & 31)) != 0 {
                    return Some(ok);
                }
                at += 9;
            }
            op::RANGE => {
                if *code.get(at + 1)? <= c && c <= *code.get(at + 2)? {
                    return Some(ok);
                }
                at += 3;
            }
            op::RANGE_UNI_IGNORE => {
                let (lo, hi) = (*code.get(at + 1)?, *code.get(at + 2)?);
                if lo <= c && c <= hi {
                    return Some(ok);
                }
                let u = upper_unicode(c);
                if lo <= u && u <= hi {
                    return Some(ok);
                }
                at += 3;
            }
            op::NEGATE => {
                ok = !ok;
                at += 1;
            }
            op::BIGCHARSET => {
                let count = *code.get(at + 1)? as usize;
                let table = at + 2;
                let blocks = table + 64;
                if c < 0x10000 {
                    let hi = (c >> 8) as usize;
                    let word = *code.get(table + hi / 4)?;
                    let block = word.to_ne_bytes()[hi % 4] as usize;
                    let bit = block * 256 + (c & 255) as usize;
                    if *code.get(blocks + bit / 32)? & (1 << (bit & 31)) != 0 {
                        return Some(ok);
                    }
                }
                at = blocks + count * 8;
            }
            _ => return None,
        }
    }
}

/// Why a match stopped without an answer.
#[derive(Debug)]
pub enum Stop {
    /// The code is malformed (CPython's "internal error in regular
    /// expression engine").
    BadCode,
    /// The interruption check asked to stop (a signal handler raised).
    Interrupted,
}
use Stop::BadCode;

type R<T> = Result<T, Stop>;

/// How many steps run between two interruption checks (CPython's 4096).
const CHECK_EVERY: u32 = 4096;

// ---- the matcher -----------------------------------------------------------

const NONE: usize = usize::MAX;

/// A repeat context (`SRE_REPEAT`).
#[derive(Clone, Copy)]
struct Rep {
    count: isize,
    /// The position of the `REPEAT`'s skip word (min at +1, max at +2,
    /// the body at +3).
    pat: usize,
    last_pos: usize,
    prev: usize,
}

/// Undo records.
#[derive(Clone, Copy)]
enum Trail {
    Mark(usize, isize),
    LastIndex(isize),
    LastMark(isize),
    RepCount(usize, isize),
    RepLast(usize, usize),
    CurRep(usize),
}

/// What is restored by backtracking to a choice point: the trail and
/// repeat contexts above these lengths; mark values only if `full`
/// (CPython's `MARK_PUSH`/`MARK_POP`), else only `lastmark` and
/// `lastindex` (`LASTMARK_RESTORE`).
#[derive(Clone, Copy)]
struct Save {
    trail: usize,
    reps: usize,
    full: bool,
}

#[derive(Clone, Copy)]
enum Body {
    Assert,
    AssertNot,
    Atomic,
    /// A possessive repeat's iteration: the `POSSESSIVE_REPEAT`'s pc,
    /// the count so far, whether the minimum is still to be reached.
    Poss {
        pc: usize,
        count: u32,
        min_phase: bool,
    },
}

#[derive(Clone, Copy)]
enum Bt {
    /// Resume at `pc`, `pos`, then make `set_rep` the current repeat.
    Alt {
        pc: usize,
        pos: usize,
        set_rep: Option<usize>,
        save: Save,
    },
    /// A `BRANCH`'s next alternative (at its skip word).
    Branch { at: usize, pos: usize, save: Save },
    /// A greedy single-character repeat giving back characters.
    RepeatOne {
        tail: usize,
        start: usize,
        next: isize,
        min: isize,
        lit: Option<u32>,
        save: Save,
    },
    /// A lazy single-character repeat taking one more.
    MinRepeatOne {
        tail: usize,
        item: usize,
        pos: usize,
        count: u32,
        max: u32,
        save: Save,
    },
    /// `MIN_UNTIL` after its tail failed: one more iteration.
    MinUntilMore {
        rep: usize,
        count: isize,
        pos: usize,
        save: Save,
    },
    /// The start of a body (look-around, atomic group, possessive
    /// iteration): reaching it while backtracking means the body failed.
    Barrier {
        kind: Body,
        /// Where the match goes on after the construct.
        next: usize,
        /// The position the construct started at.
        pos: usize,
        save: Save,
    },
}

/// A successful match: its span, the marks (two per group, -1 when
/// unset) and `lastindex` (-1 for none).
pub struct Found {
    /// Where the match starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The group marks.
    pub marks: Vec<isize>,
    /// The last group closed, or -1.
    pub lastindex: isize,
}

/// The matcher's state for one subject; its vectors are reused from one
/// attempt to the next.
pub struct Matcher<'a, T: Text + ?Sized> {
    code: &'a [u32],
    text: &'a T,
    /// `endpos`: the matcher sees no character at or after it.
    end: usize,
    /// Whether a match must reach `end` (`fullmatch`).
    pub match_all: bool,
    /// Whether a match found at the first position tried must not be
    /// empty (after an empty match in `finditer`, `sub`, `split`).
    pub must_advance: bool,
    start: usize,
    marks: Vec<isize>,
    lastmark: isize,
    lastindex: isize,
    trail: Vec<Trail>,
    kept: Vec<Trail>,
    bt: Vec<Bt>,
    frames: Vec<usize>,
    reps: Vec<Rep>,
    cur_rep: usize,
    /// Called every [`CHECK_EVERY`] steps; `true` stops the match.
    interrupt: Option<&'a dyn Fn() -> bool>,
    steps: u32,
}

impl<'a, T: Text + ?Sized> Matcher<'a, T> {
    /// Sets the interruption check (`PyErr_CheckSignals`).
    pub fn set_interrupt(&mut self, f: &'a dyn Fn() -> bool) {
        self.interrupt = Some(f);
    }

    /// A matcher of `code` (with `groups` capturing groups) over
    /// `text[..end]`.
    pub fn new(code: &'a [u32], groups: usize, text: &'a T, end: usize) -> Self {
        Matcher {
            code,
            text,
            end: end.min(text.size()),
            match_all: false,
            must_advance: false,
            start: 0,
            marks: vec![-1; groups * 2],
            lastmark: -1,
            lastindex: -1,
            trail: Vec::new(),
            kept: Vec::new(),
            bt: Vec::new(),
            frames: Vec::new(),
            reps: Vec::new(),
            cur_rep: NONE,
            interrupt: None,
            steps: 0,
        }
    }

    #[inline]
    fn c(&self, i: usize) -> R<u32> {
        self.code.get(i).copied().ok_or(BadCode)
    }

    /// A save point restoring mark values if `full`.
    #[inline]
    fn save_as(&self, full: bool) -> Save {
        Save {
            trail: self.trail.len(),
            reps: self.reps.len(),
            full,
        }
    }

    /// A save point restoring mark values inside a repeat (CPython's
    /// `if (state->repeat) MARK_PUSH`).
    fn save(&self) -> Save {
        self.save_as(self.repeat_active())
    }

    /// Whether CPython 3.12.1's `state->repeat` is set: a repeat context
    /// is current (a possessive repeat sets none).
    fn repeat_active(&self) -> bool {
        self.cur_rep != NONE
    }

    fn undo(&mut self, s: Save) {
        while self.trail.len() > s.trail {
            match self.trail.pop() {
                Some(Trail::Mark(i, v)) => {
                    if s.full {
                        self.marks[i] = v;
                    } else {
                        self.kept.push(Trail::Mark(i, v));
                    }
                }
                Some(Trail::LastIndex(v)) => self.lastindex = v,
                Some(Trail::LastMark(v)) => self.lastmark = v,
                Some(Trail::RepCount(r, v)) => self.reps[r].count = v,
                Some(Trail::RepLast(r, v)) => self.reps[r].last_pos = v,
                Some(Trail::CurRep(v)) => self.cur_rep = v,
                None => break,
            }
        }
        // Mark values a partial restore keeps stay undoable by the choice
        // points below, in their order.
        while let Some(t) = self.kept.pop() {
            self.trail.push(t);
        }
        self.reps.truncate(s.reps);
    }

    fn set_rep(&mut self, r: usize) {
        self.trail.push(Trail::CurRep(self.cur_rep));
        self.cur_rep = r;
    }
    fn set_count(&mut self, r: usize, v: isize) {
        self.trail.push(Trail::RepCount(r, self.reps[r].count));
        self.reps[r].count = v;
    }
    fn set_last(&mut self, r: usize, v: usize) {
        self.trail.push(Trail::RepLast(r, self.reps[r].last_pos));
        self.reps[r].last_pos = v;
    }

    fn reset(&mut self, start: usize) {
        self.start = start;
        self.marks.iter_mut().for_each(|m| *m = -1);
        self.lastmark = -1;
        self.lastindex = -1;
        self.trail.clear();
        self.bt.clear();
        self.frames.clear();
        self.reps.clear();
        self.cur_rep = NONE;
    }

    fn found(&self, end: usize) -> Found {
        let mut marks = self.marks.clone();
        for (i, m) in marks.iter_mut().enumerate() {
            // A pair is visible when its end is at most `lastmark`.
            if (i | 1) as isize > self.lastmark {
                *m = -1;
            }
        }
        Found {
            start: self.start,
            end,
            marks,
            lastindex: self.lastindex,
        }
    }

    /// Whether the single-character item at `pc` matches `c`.
    fn one(&self, pc: usize, c: u32) -> R<bool> {
        let arg = || self.c(pc + 1);
        Ok(match self.c(pc)? {
            op::ANY => c != 10,
            op::ANY_ALL => true,
            op::LITERAL => c == arg()?,
            op::NOT_LITERAL => c != arg()?,
            op::LITERAL_IGNORE => lower_ascii(c) == arg()?,
            op::NOT_LITERAL_IGNORE => lower_ascii(c) != arg()?,
            op::LITERAL_UNI_IGNORE => lower_unicode(c) == arg()?,
            op::NOT_LITERAL_UNI_IGNORE => lower_unicode(c) != arg()?,
            op::LITERAL_LOC_IGNORE => loc_ignore(arg()?, c),
            op::NOT_LITERAL_LOC_IGNORE => !loc_ignore(arg()?, c),
            op::CATEGORY => category(arg()?, c),
            op::IN => in_charset(self.code, pc + 2, c).ok_or(BadCode)?,
            op::IN_IGNORE => in_charset(self.code, pc + 2, lower_ascii(c)).ok_or(BadCode)?,
            op::IN_UNI_IGNORE => in_charset(self.code, pc + 2, lower_unicode(c)).ok_or(BadCode)?,
            op::IN_LOC_IGNORE => {
                in_charset(self.code, pc + 2, c).ok_or(BadCode)?
                    || in_charset(self.code, pc + 2, lower_locale(c)).ok_or(BadCode)?
                    || in_charset(self.code, pc + 2, upper_locale(c)).ok_or(BadCode)?
            }
            _ => return Err(BadCode),
        })
    }

    /// `SRE(count)`: how many characters from `pos` the item at `pc`
    /// matches, at most `max`.
    fn count(&self, pc: usize, pos: usize, max: u32) -> R<usize> {
        let limit = if max == MAXREPEAT {
            self.end
        } else {
            self.end.min(pos.saturating_add(max as usize))
        };
        let t = self.text;
        let mut p = pos;
        // The common items are tested in loops of their own, the others
        // through `one`.
        match self.c(pc)? {
            op::ANY_ALL => p = limit,
            op::ANY => {
                while p < limit && t.at(p) != 10 {
                    p += 1;
                }
            }
            op::LITERAL => {
                let c = self.c(pc + 1)?;
                while p < limit && t.at(p) == c {
                    p += 1;
                }
            }
            op::NOT_LITERAL => {
                let c = self.c(pc + 1)?;
                while p < limit && t.at(p) != c {
                    p += 1;
                }
            }
            op::IN => {
                while p < limit && in_charset(self.code, pc + 2, t.at(p)).ok_or(BadCode)? {
                    p += 1;
                }
            }
            _ => {
                while p < limit && self.one(pc, t.at(p))? {
                    p += 1;
                }
            }
        }
        Ok(p - pos)
    }

    fn at_code(&self, code: u32, pos: usize) -> R<bool> {
        let end = self.end;
        let t = self.text;
        let prev = |f: fn(u32) -> bool| pos > 0 && f(t.at(pos - 1));
        let this = |f: fn(u32) -> bool| pos < end && f(t.at(pos));
        Ok(match code {
            0 | 2 => pos == 0,
            1 => pos == 0 || t.at(pos - 1) == 10,
            5 => pos == end || (pos + 1 == end && t.at(pos) == 10),
            6 => pos == end || t.at(pos) == 10,
            7 => pos == end,
            3 | 8 => end != 0 && prev(is_word) != this(is_word),
            4 | 9 => end != 0 && prev(is_word) == this(is_word),
            10 => end != 0 && prev(is_uni_word) != this(is_uni_word),
            11 => end != 0 && prev(is_uni_word) == this(is_uni_word),
            _ => return Err(BadCode),
        })
    }

    fn set_mark(&mut self, i: usize, pos: usize) -> R<()> {
        if i >= self.marks.len() {
            return Err(BadCode);
        }
        if i & 1 == 1 {
            self.trail.push(Trail::LastIndex(self.lastindex));
            self.lastindex = (i / 2 + 1) as isize;
        }
        if i as isize > self.lastmark {
            // Marks passed over become unset.
            for j in (self.lastmark + 1) as usize..i {
                self.trail.push(Trail::Mark(j, self.marks[j]));
                self.marks[j] = -1;
            }
            self.trail.push(Trail::LastMark(self.lastmark));
            self.lastmark = i as isize;
        }
        self.trail.push(Trail::Mark(i, self.marks[i]));
        self.marks[i] = pos as isize;
        Ok(())
    }

    /// The span of group `g` if it is set.
    fn group(&self, g: usize) -> Option<(usize, usize)> {
        if (2 * g + 1) as isize > self.lastmark {
            return None;
        }
        let (s, e) = (*self.marks.get(2 * g)?, *self.marks.get(2 * g + 1)?);
        (s >= 0 && e >= s).then_some((s as usize, e as usize))
    }

    /// Pops choice points until one resumes; `None` when none is left.
    fn backtrack(&mut self) -> R<Option<(usize, usize)>> {
        while let Some(b) = self.bt.pop() {
            match b {
                Bt::Alt {
                    pc,
                    pos,
                    set_rep,
                    save,
                } => {
                    self.undo(save);
                    if let Some(r) = set_rep {
                        self.set_rep(r);
                    }
                    return Ok(Some((pc, pos)));
                }
                Bt::Branch { at, pos, save } => {
                    self.undo(save);
                    if let Some(r) = self.branch_from(at, pos)? {
                        return Ok(Some(r));
                    }
                }
                Bt::RepeatOne {
                    tail,
                    start,
                    next,
                    min,
                    lit,
                    save,
                } => {
                    self.undo(save);
                    let mut n = next;
                    if let Some(l) = lit {
                        while n >= min {
                            let p = start + n as usize;
                            if p < self.end && self.text.at(p) == l {
                                break;
                            }
                            n -= 1;
                        }
                    }
                    if n >= min {
                        if n > min {
                            self.bt.push(Bt::RepeatOne {
                                tail,
                                start,
                                next: n - 1,
                                min,
                                lit,
                                save,
                            });
                        }
                        return Ok(Some((tail, start + n as usize)));
                    }
                }
                Bt::MinRepeatOne {
                    tail,
                    item,
                    pos,
                    count,
                    max,
                    save,
                } => {
                    self.undo(save);
                    if pos < self.end && self.one(item, self.text.at(pos))? {
                        let count = count + 1;
                        if max == MAXREPEAT || count <= max {
                            self.bt.push(Bt::MinRepeatOne {
                                tail,
                                item,
                                pos: pos + 1,
                                count,
                                max,
                                save,
                            });
                            return Ok(Some((tail, pos + 1)));
                        }
                    }
                }
                Bt::MinUntilMore {
                    rep,
                    count,
                    pos,
                    save,
                } => {
                    self.undo(save);
                    let r = self.reps[rep];
                    let max = self.c(r.pat + 2)?;
                    if (max != MAXREPEAT && count >= max as isize) || pos == r.last_pos {
                        continue;
                    }
                    self.set_count(rep, count);
                    self.set_last(rep, pos);
                    return Ok(Some((r.pat + 3, pos)));
                }
                Bt::Barrier {
                    kind,
                    next,
                    pos,
                    save,
                } => {
                    self.frames.pop();
                    match kind {
                        Body::AssertNot
                        | Body::Poss {
                            min_phase: false, ..
                        } => {
                            self.undo(save);
                            return Ok(Some((next, pos)));
                        }
                        // The failure goes on to the choice point below,
                        // which restores what it restores.
                        _ => {}
                    }
                }
            }
        }
        Ok(None)
    }

    /// Tries the alternatives of a `BRANCH` from the skip word at `at`:
    /// the first that may match is entered, with a choice point for the
    /// rest.
    fn branch_from(&mut self, mut at: usize, pos: usize) -> R<Option<(usize, usize)>> {
        loop {
            let skip = self.c(at)? as usize;
            if skip == 0 {
                return Ok(None);
            }
            // An alternative starting with a one-character item that
            // cannot match here is skipped.
            let cannot = match self.c(at + 1)? {
                op::ANY
                | op::ANY_ALL
                | op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE
                | op::IN
                | op::IN_IGNORE
                | op::IN_UNI_IGNORE
                | op::IN_LOC_IGNORE => pos >= self.end || !self.one(at + 1, self.text.at(pos))?,
                _ => false,
            };
            let next = at.checked_add(skip).ok_or(BadCode)?;
            if !cannot {
                let save = self.save();
                self.bt.push(Bt::Branch {
                    at: next,
                    pos,
                    save,
                });
                return Ok(Some((at + 1, pos)));
            }
            at = next;
        }
    }

    /// Enters a body over a barrier.
    fn enter(&mut self, kind: Body, next: usize, pos: usize) {
        let full = matches!(kind, Body::Poss { .. }) || self.repeat_active();
        let save = self.save_as(full);
        self.bt.push(Bt::Barrier {
            kind,
            next,
            pos,
            save,
        });
        self.frames.push(self.bt.len() - 1);
    }

    /// A possessive repeat's next step after `count` iterations, the last
    /// (if `last` is set, one past the minimum) started at `last`.
    fn poss_step(&mut self, pc: usize, count: u32, pos: usize, last: Option<usize>) -> R<usize> {
        let min = self.c(pc + 2)?;
        let max = self.c(pc + 3)?;
        let tail = pc + 1 + self.c(pc + 1)? as usize + 1;
        if count < min {
            self.enter(
                Body::Poss {
                    pc,
                    count,
                    min_phase: true,
                },
                tail,
                pos,
            );
            Ok(pc + 4)
        } else if (max == MAXREPEAT || count < max) && last != Some(pos) {
            self.enter(
                Body::Poss {
                    pc,
                    count,
                    min_phase: false,
                },
                tail,
                pos,
            );
            Ok(pc + 4)
        } else {
            Ok(tail)
        }
    }

    /// One attempt at `start`: the end of the match, if any.
    fn run(&mut self, start: usize) -> R<Option<usize>> {
        self.reset(start);
        let mut pc = 0usize;
        let mut pos = start;
        macro_rules! fail {
            () => {{
                match self.backtrack()? {
                    Some((p, s)) => {
                        pc = p;
                        pos = s;
                        continue;
                    }
                    None => return Ok(None),
                }
            }};
        }
        loop {
            self.steps = self.steps.wrapping_add(1);
            if self.steps.is_multiple_of(CHECK_EVERY) {
                if let Some(f) = self.interrupt {
                    if f() {
                        return Err(Stop::Interrupted);
                    }
                }
            }
            let opcode = self.c(pc)?;
            match opcode {
                op::FAILURE => fail!(),
                op::SUCCESS => {
                    let Some(bi) = self.frames.pop() else {
                        if (self.match_all && pos != self.end)
                            || (self.must_advance && pos == self.start)
                        {
                            fail!();
                        }
                        return Ok(Some(pos));
                    };
                    let Some(&Bt::Barrier {
                        kind,
                        next,
                        pos: pos0,
                        ..
                    }) = self.bt.get(bi)
                    else {
                        return Err(BadCode);
                    };
                    self.bt.truncate(bi);
                    match kind {
                        Body::Assert => {
                            pc = next;
                            pos = pos0;
                        }
                        Body::AssertNot => fail!(),
                        Body::Atomic => pc = next,
                        Body::Poss {
                            pc: ppc,
                            count,
                            min_phase,
                        } => {
                            let last = if min_phase { None } else { Some(pos0) };
                            pc = self.poss_step(ppc, count + 1, pos, last)?;
                        }
                    }
                }
                op::ANY
                | op::ANY_ALL
                | op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE
                | op::CATEGORY => {
                    if pos >= self.end || !self.one(pc, self.text.at(pos))? {
                        fail!();
                    }
                    pos += 1;
                    pc += if opcode <= op::ANY_ALL { 1 } else { 2 };
                }
                op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                    if pos >= self.end || !self.one(pc, self.text.at(pos))? {
                        fail!();
                    }
                    pos += 1;
                    pc = pc + 1 + self.c(pc + 1)? as usize;
                }
                op::AT => {
                    if !self.at_code(self.c(pc + 1)?, pos)? {
                        fail!();
                    }
                    pc += 2;
                }
                op::INFO => {
                    let min = self.c(pc + 3)? as usize;
                    if pc == 0 && min > 0 && self.end.saturating_sub(pos) < min {
                        fail!();
                    }
                    pc = pc + 1 + self.c(pc + 1)? as usize;
                }
                op::JUMP => pc = pc + 1 + self.c(pc + 1)? as usize,
                op::MARK => {
                    self.set_mark(self.c(pc + 1)? as usize, pos)?;
                    pc += 2;
                }
                op::BRANCH => match self.branch_from(pc + 1, pos)? {
                    Some((p, s)) => {
                        pc = p;
                        pos = s;
                    }
                    None => fail!(),
                },
                op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                    let skip = self.c(pc + 1)? as usize;
                    let min = self.c(pc + 2)?;
                    let max = self.c(pc + 3)?;
                    let tail = pc + 1 + skip;
                    let item = pc + 4;
                    if min as usize > self.end.saturating_sub(pos) {
                        fail!();
                    }
                    if opcode == op::MIN_REPEAT_ONE {
                        let n = if min == 0 {
                            0
                        } else {
                            self.count(item, pos, min)?
                        };
                        if n < min as usize {
                            fail!();
                        }
                        pos += n;
                        let save = self.save();
                        self.bt.push(Bt::MinRepeatOne {
                            tail,
                            item,
                            pos,
                            count: n as u32,
                            max,
                            save,
                        });
                        pc = tail;
                        continue;
                    }
                    let n = self.count(item, pos, max)?;
                    if n < min as usize {
                        fail!();
                    }
                    if opcode == op::POSSESSIVE_REPEAT_ONE {
                        pos += n;
                        pc = tail;
                        continue;
                    }
                    let lit = if self.c(tail)? == op::LITERAL {
                        Some(self.c(tail + 1)?)
                    } else {
                        None
                    };
                    let save = self.save();
                    self.bt.push(Bt::RepeatOne {
                        tail,
                        start: pos,
                        next: n as isize,
                        min: min as isize,
                        lit,
                        save,
                    });
                    fail!();
                }
                op::REPEAT => {
                    let r = Rep {
                        count: -1,
                        pat: pc + 1,
                        last_pos: NONE,
                        prev: self.cur_rep,
                    };
                    self.reps.push(r);
                    self.set_rep(self.reps.len() - 1);
                    pc = pc + 1 + self.c(pc + 1)? as usize;
                }
                op::MAX_UNTIL | op::MIN_UNTIL => {
                    let rep = self.cur_rep;
                    let Some(r) = self.reps.get(rep).copied() else {
                        return Err(BadCode);
                    };
                    let count = r.count + 1;
                    let min = self.c(r.pat + 1)? as isize;
                    let max = self.c(r.pat + 2)?;
                    let body = r.pat + 3;
                    if count < min {
                        self.set_count(rep, count);
                        pc = body;
                        continue;
                    }
                    if opcode == op::MAX_UNTIL {
                        if (max == MAXREPEAT || count < max as isize) && pos != r.last_pos {
                            let save = self.save_as(true);
                            self.bt.push(Bt::Alt {
                                pc: pc + 1,
                                pos,
                                set_rep: Some(r.prev),
                                save,
                            });
                            self.set_count(rep, count);
                            self.set_last(rep, pos);
                            pc = body;
                        } else {
                            self.set_rep(r.prev);
                            pc += 1;
                        }
                    } else {
                        let save = self.save_as(r.prev != NONE);
                        self.bt.push(Bt::MinUntilMore {
                            rep,
                            count,
                            pos,
                            save,
                        });
                        self.set_rep(r.prev);
                        pc += 1;
                    }
                }
                op::POSSESSIVE_REPEAT => {
                    pc = self.poss_step(pc, 0, pos, None)?;
                }
                op::ATOMIC_GROUP => {
                    let next = pc + 1 + self.c(pc + 1)? as usize;
                    self.enter(Body::Atomic, next, pos);
                    pc += 2;
                }
                op::ASSERT | op::ASSERT_NOT => {
                    let next = pc + 1 + self.c(pc + 1)? as usize;
                    let back = self.c(pc + 2)? as usize;
                    if pos < back {
                        if opcode == op::ASSERT {
                            fail!();
                        }
                        pc = next;
                        continue;
                    }
                    let kind = if opcode == op::ASSERT {
                        Body::Assert
                    } else {
                        Body::AssertNot
                    };
                    self.enter(kind, next, pos);
                    pos -= back;
                    pc += 3;
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_UNI_IGNORE
                | op::GROUPREF_LOC_IGNORE => {
                    let Some((s, e)) = self.group(self.c(pc + 1)? as usize) else {
                        fail!();
                    };
                    let fold: fn(u32) -> u32 = match opcode {
                        op::GROUPREF => |c| c,
                        op::GROUPREF_IGNORE => lower_ascii,
                        op::GROUPREF_UNI_IGNORE => lower_unicode,
                        _ => lower_locale,
                    };
                    let n = e - s;
                    if self.end - pos < n {
                        fail!();
                    }
                    let t = self.text;
                    if !(0..n).all(|k| fold(t.at(s + k)) == fold(t.at(pos + k))) {
                        fail!();
                    }
                    pos += n;
                    pc += 2;
                }
                op::GROUPREF_EXISTS => {
                    if self.group(self.c(pc + 1)? as usize).is_some() {
                        pc += 3;
                    } else {
                        pc = pc + 1 + self.c(pc + 2)? as usize;
                    }
                }
                _ => return Err(BadCode),
            }
        }
    }

    /// `match`/`fullmatch` at `start`.
    pub fn match_at(&mut self, start: usize) -> R<Option<Found>> {
        if start > self.end {
            return Ok(None);
        }
        Ok(self.run(start)?.map(|e| self.found(e)))
    }

    /// `search` from `start`: the leftmost match.
    pub fn search(&mut self, start: usize) -> R<Option<Found>> {
        if start > self.end {
            return Ok(None);
        }
        // The INFO block's hints: a minimum length, a literal prefix
        // every match starts with, or a set of first characters.
        let mut body = 0;
        let mut prefix: &[u32] = &[];
        let mut charset: Option<usize> = None;
        let mut min = 0usize;
        if self.c(0)? == op::INFO {
            let flags = self.c(2)?;
            min = self.c(3)? as usize;
            if flags & INFO_PREFIX != 0 {
                let n = self.c(5)? as usize;
                prefix = self.code.get(7..7 + n).ok_or(BadCode)?;
            } else if flags & INFO_CHARSET != 0 {
                charset = Some(5);
            }
            body = 1 + self.c(1)? as usize;
        }
        if self.end - start < min {
            return Ok(None);
        }
        let anchored = self.c(body)? == op::AT && matches!(self.c(body + 1)?, 0 | 2);
        let last = self.end - min.saturating_sub(1).min(self.end - start);
        let mut p = start;
        let (text, end) = (self.text, self.end);
        loop {
            // Skip to the next position the hints allow.
            if let Some(&f) = prefix.first() {
                let lim = (last + 1).min(end);
                loop {
                    p = text.find(f, p, lim);
                    if p >= lim
                        || (p + prefix.len() <= end
                            && (1..prefix.len()).all(|k| text.at(p + k) == prefix[k]))
                    {
                        break;
                    }
                    p += 1;
                }
                if p >= lim {
                    return Ok(None);
                }
            } else if let Some(cs) = charset {
                while p <= last
                    && (p >= end || !in_charset(self.code, cs, text.at(p)).ok_or(BadCode)?)
                {
                    p += 1;
                }
            }
            if p > last || (anchored && p != start) {
                return Ok(None);
            }
            if p != start {
                self.must_advance = false;
            }
            if let Some(e) = self.run(p)? {
                return Ok(Some(self.found(e)));
            }
            self.must_advance = false;
            if anchored || p >= last {
                return Ok(None);
            }
            p += 1;
        }
    }
}

fn loc_ignore(pat: u32, c: u32) -> bool {
    c == pat || lower_locale(c) == pat || upper_locale(c) == pat
}

// ---- validation ------------------------------------------------------------

/// Whether `code` is well-formed for `groups` groups, as `_sre.compile`
/// requires (CPython raises "invalid SRE code" otherwise): the structure
/// `re._compiler` emits, jumps inside their constructs, group numbers
/// in range, known categories and anchors.
pub fn validate(code: &[u32], groups: usize) -> bool {
    groups <= MAXGROUPS as usize
        && code.last() == Some(&op::SUCCESS)
        && Check { code, groups }.block(0, code.len() - 1) == Some(false)
}

struct Check<'a> {
    code: &'a [u32],
    groups: usize,
}

impl Check<'_> {
    fn at(&self, i: usize) -> Option<usize> {
        self.code.get(i).map(|&w| w as usize)
    }

    /// The end of a construct whose skip word is at `s` and which must
    /// end by `end`.
    fn target(&self, s: usize, end: usize) -> Option<usize> {
        let t = s.checked_add(self.at(s)?)?;
        (t <= end).then_some(t)
    }

    /// A set's items in `at..end`.
    fn charset(&self, mut at: usize, end: usize) -> Option<()> {
        while at < end {
            at = match self.at(at)? as u32 {
                op::NEGATE => at + 1,
                op::LITERAL => at + 2,
                op::RANGE | op::RANGE_UNI_IGNORE => at + 3,
                op::CHARSET => at + 9,
                op::CATEGORY => {
                    if self.at(at + 1)? > 17 {
                        return None;
                    }
                    at + 2
                }
                op::BIGCHARSET => {
                    let count = self.at(at + 1)?;
                    let table = self.code.get(at + 2..at + 66)?;
                    if table
                        .iter()
                        .any(|w| w.to_ne_bytes().iter().any(|&b| b as usize >= count))
                    {
                        return None;
                    }
                    at.checked_add(66)?.checked_add(count.checked_mul(8)?)?
                }
                _ => return None,
            };
        }
        (at == end).then_some(())
    }

    /// The code in `at..end`: `Some(true)` when it ends with a `JUMP`
    /// (which must then be its last instruction), `None` if malformed.
    fn block(&self, mut at: usize, end: usize) -> Option<bool> {
        while at < end {
            let o = at;
            let opcode = self.at(o)? as u32;
            at = match opcode {
                op::MARK => {
                    if self.at(o + 1)? > 2 * self.groups + 1 {
                        return None;
                    }
                    o + 2
                }
                op::LITERAL
                | op::NOT_LITERAL
                | op::LITERAL_IGNORE
                | op::NOT_LITERAL_IGNORE
                | op::LITERAL_UNI_IGNORE
                | op::NOT_LITERAL_UNI_IGNORE
                | op::LITERAL_LOC_IGNORE
                | op::NOT_LITERAL_LOC_IGNORE => {
                    self.at(o + 1)?;
                    o + 2
                }
                op::SUCCESS | op::FAILURE | op::ANY | op::ANY_ALL => o + 1,
                op::AT => {
                    if self.at(o + 1)? > 11 {
                        return None;
                    }
                    o + 2
                }
                op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                    let next = self.target(o + 1, end)?;
                    if next < o + 3 || self.at(next - 1)? as u32 != op::FAILURE {
                        return None;
                    }
                    self.charset(o + 2, next - 1)?;
                    next
                }
                op::INFO => {
                    let next = self.target(o + 1, end)?;
                    let flags = self.at(o + 2)? as u32;
                    self.at(o + 4)?;
                    if flags & !(INFO_PREFIX | 2 | INFO_CHARSET) != 0
                        || (flags & INFO_PREFIX != 0 && flags & INFO_CHARSET != 0)
                        || (flags & 2 != 0 && flags & INFO_PREFIX == 0)
                    {
                        return None;
                    }
                    let mut c = o + 5;
                    if flags & INFO_PREFIX != 0 {
                        let n = self.at(c)?;
                        self.at(c + 1)?;
                        c += 2;
                        if c.checked_add(n.checked_mul(2)?)? > next {
                            return None;
                        }
                        let overlap = self.code.get(c + n..c + 2 * n)?;
                        if overlap.iter().any(|&v| v as usize >= n) {
                            return None;
                        }
                        c += 2 * n;
                    }
                    if flags & INFO_CHARSET != 0 {
                        if next <= c || self.at(next - 1)? as u32 != op::FAILURE {
                            return None;
                        }
                        self.charset(c, next - 1)?;
                    } else if c != next {
                        return None;
                    }
                    next
                }
                op::BRANCH => {
                    let mut a = o + 1;
                    let mut target = None;
                    loop {
                        let skip = self.at(a)?;
                        if skip == 0 {
                            break;
                        }
                        let next = self.target(a, end)?;
                        if skip < 3 || self.block(a + 1, next - 2)? {
                            return None;
                        }
                        if self.at(next - 2)? as u32 != op::JUMP {
                            return None;
                        }
                        let t = self.target(next - 1, end)?;
                        if *target.get_or_insert(t) != t {
                            return None;
                        }
                        a = next;
                    }
                    if target != Some(a + 1) {
                        return None;
                    }
                    a + 1
                }
                op::REPEAT_ONE
                | op::MIN_REPEAT_ONE
                | op::POSSESSIVE_REPEAT_ONE
                | op::REPEAT
                | op::POSSESSIVE_REPEAT => {
                    let (min, max) = (self.at(o + 2)?, self.at(o + 3)?);
                    if min > max || max > MAXREPEAT as usize {
                        return None;
                    }
                    let one = matches!(
                        opcode,
                        op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE
                    );
                    // The closing instruction: SUCCESS for the single-item
                    // and possessive forms, an UNTIL for REPEAT.
                    let close = if one {
                        self.target(o + 1, end)?.checked_sub(1)?
                    } else {
                        self.target(o + 1, end)?
                    };
                    if close < o + 4 || close >= end || self.block(o + 4, close)? {
                        return None;
                    }
                    let want_ok = match (opcode, self.at(close)? as u32) {
                        (op::REPEAT, op::MAX_UNTIL | op::MIN_UNTIL) => true,
                        (op::REPEAT, _) => false,
                        (_, c) => c == op::SUCCESS,
                    };
                    if !want_ok {
                        return None;
                    }
                    close + 1
                }
                op::ATOMIC_GROUP => {
                    let next = self.target(o + 1, end)?;
                    if next < o + 3
                        || self.block(o + 2, next - 1)?
                        || self.at(next - 1)? as u32 != op::SUCCESS
                    {
                        return None;
                    }
                    next
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_UNI_IGNORE
                | op::GROUPREF_LOC_IGNORE => {
                    if self.at(o + 1)? >= self.groups {
                        return None;
                    }
                    o + 2
                }
                op::GROUPREF_EXISTS => {
                    if self.at(o + 1)? >= self.groups {
                        return None;
                    }
                    // The skip counts from the group word.
                    let no = (o + 1).checked_add(self.at(o + 2)?)?;
                    if no > end || no < o + 3 {
                        return None;
                    }
                    if self.block(o + 3, no)? {
                        // A JUMP ends the yes-part: the no-part follows it.
                        let after = self.target(no - 1, end)?;
                        if after < no || self.block(no, after)? {
                            return None;
                        }
                        after
                    } else {
                        no
                    }
                }
                op::ASSERT | op::ASSERT_NOT => {
                    let next = self.target(o + 1, end)?;
                    self.at(o + 2)?;
                    if next < o + 4
                        || self.block(o + 3, next - 1)?
                        || self.at(next - 1)? as u32 != op::SUCCESS
                    {
                        return None;
                    }
                    next
                }
                op::JUMP => {
                    // A JUMP may only end a block; its target is checked
                    // by the construct.
                    return (o + 2 == end).then_some(true);
                }
                _ => return None,
            };
        }
        (at == end).then_some(false)
    }
}
