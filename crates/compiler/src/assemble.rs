//! Assembly, as CPython 3.12.1's `assemble.c` and the tail of `compile.c`
//! do it: the prefix instructions (`RETURN_GENERATOR`, `MAKE_CELL`,
//! `COPY_FREE_VARS`), cell offsets, stack depth, pseudo-op conversion, jump
//! offsets, then the bytes: instructions with `EXTENDED_ARG` prefixes and
//! zeroed `CACHE` units, the location table (`Objects/locations.md`) and
//! the exception table (`Objects/exception_handling_notes.txt`).

use crate::code::{flags, kinds, CodeUnit, Constant};
use crate::codegen::{Instr, NameMap};
use crate::error::Result;
use crate::flowgraph::{Cfg, CfgInstr, Handler};
use crate::opcode::*;

/// A source location as the compiler tracks it (`_PyCompilerSrcLocation`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Line, -1 for none.
    pub lineno: i32,
    /// End line.
    pub end_lineno: i32,
    /// Column, -1 for none.
    pub col: i32,
    /// End column.
    pub end_col: i32,
}

/// No location (`NO_LOCATION`).
pub const NO_LOCATION: Location = Location {
    lineno: -1,
    end_lineno: -1,
    col: -1,
    end_col: -1,
};

/// What code generation hands over for one code unit.
#[derive(Debug)]
pub struct UnitOutput {
    /// `co_name`.
    pub name: String,
    /// `co_qualname`.
    pub qualname: String,
    /// `co_filename`.
    pub filename: String,
    /// The instruction sequence.
    pub instrs: Vec<Instr>,
    /// Label id → instruction index.
    pub labelmap: Vec<i32>,
    /// Constants in first-use order.
    pub consts: Vec<Constant>,
    /// `co_names`.
    pub names: Vec<String>,
    /// Names made hidden fast locals by inlined comprehensions.
    pub hidden: Vec<String>,
    /// Local variable names.
    pub varnames: NameMap,
    /// Cell variable names (sorted, plus implicit class cells).
    pub cellvars: NameMap,
    /// Free variable names (sorted).
    pub freevars: NameMap,
    /// `co_argcount`.
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_flags`.
    pub flags: u32,
    /// Number of parameters (for `LOAD_FAST_CHECK` analysis).
    pub nparams: usize,
}

/// Runs the flow-graph passes and assembles one code unit.
pub fn optimize_and_assemble(u: UnitOutput) -> Result<CodeUnit> {
    let mut consts = u.consts;
    let mut cfg = Cfg::from_sequence(&u.instrs, &u.labelmap)?;
    let nlocals = u.varnames.len();
    cfg.optimize_code_unit(&mut consts, nlocals, u.nparams, u.firstlineno)?;

    // prepare_localsplus
    let ncells = u.cellvars.len();
    let nfrees = u.freevars.len();
    let mut fixed: Vec<i32> = (0..(ncells + nfrees) as i32)
        .map(|i| nlocals as i32 + i)
        .collect();
    for (ci, name) in u.cellvars.list.iter().enumerate() {
        if let Some(vi) = u.varnames.get(name) {
            fixed[ci] = vi as i32;
        }
    }
    let generator = u.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0;
    if generator {
        cfg.insert_at_entry(
            0,
            RETURN_GENERATOR,
            0,
            Location {
                lineno: u.firstlineno,
                end_lineno: u.firstlineno,
                col: -1,
                end_col: -1,
            },
        );
        cfg.insert_at_entry(1, POP_TOP, 0, NO_LOCATION);
    }
    if ncells > 0 {
        let nvars = ncells + nlocals;
        let mut sorted = vec![0usize; nvars];
        for (i, &f) in fixed.iter().take(ncells).enumerate() {
            sorted[f as usize] = i + 1;
        }
        let mut used = 0;
        for &s in &sorted {
            if s == 0 {
                continue;
            }
            cfg.insert_at_entry(used, MAKE_CELL, s as i32 - 1, NO_LOCATION);
            used += 1;
            if used == ncells {
                break;
            }
        }
    }
    if nfrees > 0 {
        cfg.insert_at_entry(0, COPY_FREE_VARS, nfrees as i32, NO_LOCATION);
    }
    // fix_cell_offsets
    let mut numdropped = 0;
    for (i, f) in fixed.iter_mut().enumerate() {
        if *f == (i + nlocals) as i32 {
            *f -= numdropped;
        } else {
            numdropped += 1;
        }
    }
    cfg.map_instrs(|ins| {
        if matches!(
            ins.op,
            MAKE_CELL
                | LOAD_CLOSURE
                | LOAD_DEREF
                | STORE_DEREF
                | DELETE_DEREF
                | LOAD_FROM_DICT_OR_DEREF
        ) {
            if let Some(&f) = fixed.get(ins.arg as usize) {
                ins.arg = f;
            }
        }
    });
    let nlocalsplus = nlocals + ncells + nfrees - numdropped as usize;

    let maxdepth = cfg.stackdepth(generator)?;
    cfg.convert_pseudo_ops();
    cfg.resolve_jumps();
    let seq = cfg.linearize();

    // Bytes.
    let mut code = Vec::new();
    for (ins, _) in &seq {
        let op = ins.op;
        let arg = ins.arg as u32;
        let ext = instr_size(op, arg) - 1 - caches(op);
        for k in (1..=ext).rev() {
            code.push(EXTENDED_ARG as u8);
            code.push(((arg >> (8 * k)) & 0xFF) as u8);
        }
        code.push(op as u8);
        code.push((arg & 0xFF) as u8);
        for _ in 0..caches(op) {
            code.push(0);
            code.push(0);
        }
    }
    let linetable = location_table(&seq, u.firstlineno);
    let exceptiontable = exception_table(&seq);

    // compute_localsplus_info
    let mut names = vec![String::new(); nlocalsplus];
    let mut kinds_v = vec![0u8; nlocalsplus];
    for (i, n) in u.varnames.list.iter().enumerate() {
        let mut k = kinds::LOCAL;
        if u.hidden.contains(n) {
            k |= kinds::HIDDEN;
        }
        if u.cellvars.get(n).is_some() {
            k |= kinds::CELL;
        }
        names[i] = n.clone();
        kinds_v[i] = k;
    }
    let mut dropped = 0;
    for (i, n) in u.cellvars.list.iter().enumerate() {
        if u.varnames.get(n).is_some() {
            dropped += 1;
            continue;
        }
        let off = i + nlocals - dropped;
        names[off] = n.clone();
        kinds_v[off] = kinds::CELL;
    }
    for (i, n) in u.freevars.list.iter().enumerate() {
        let off = ncells + i + nlocals - dropped;
        if off < nlocalsplus {
            names[off] = n.clone();
            kinds_v[off] = kinds::FREE;
        }
    }
    Ok(CodeUnit {
        name: u.name,
        qualname: u.qualname,
        filename: u.filename,
        argcount: u.argcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        flags: u.flags,
        firstlineno: u.firstlineno.max(0) as u32,
        stacksize: maxdepth as u32,
        code,
        consts,
        names: u.names,
        localsplusnames: names,
        localspluskinds: kinds_v,
        linetable,
        exceptiontable,
    })
}

fn write_varint(out: &mut Vec<u8>, mut val: u32) {
    while val >= 64 {
        out.push(0x40 | (val & 0x3f) as u8);
        val >>= 6;
    }
    out.push(val as u8);
}

fn write_signed_varint(out: &mut Vec<u8>, val: i32) {
    let v = if val < 0 {
        ((val.unsigned_abs()) << 1) | 1
    } else {
        (val as u32) << 1
    };
    write_varint(out, v);
}

struct LineWriter {
    out: Vec<u8>,
    lineno: i32,
}

impl LineWriter {
    fn first_byte(&mut self, code: u8, length: u32) {
        self.out.push(0x80 | (code << 3) | ((length - 1) as u8));
    }

    fn entry(&mut self, loc: Location, isize: u32) {
        if loc.lineno < 0 {
            self.first_byte(15, isize);
            return;
        }
        let line_delta = loc.lineno - self.lineno;
        let column = loc.col;
        let end_column = loc.end_col;
        if column < 0 || end_column < 0 {
            if loc.end_lineno == loc.lineno || loc.end_lineno == -1 {
                self.first_byte(13, isize);
                write_signed_varint(&mut self.out, line_delta);
                self.lineno = loc.lineno;
                return;
            }
        } else if loc.end_lineno == loc.lineno {
            if line_delta == 0 && column < 80 && end_column - column < 16 && end_column >= column {
                let group = (column >> 3) as u8;
                self.first_byte(group, isize);
                self.out
                    .push((((column & 7) << 4) | (end_column - column)) as u8);
                return;
            }
            if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
                self.first_byte(10 + line_delta as u8, isize);
                self.out.push(column as u8);
                self.out.push(end_column as u8);
                self.lineno = loc.lineno;
                return;
            }
        }
        self.first_byte(14, isize);
        write_signed_varint(&mut self.out, line_delta);
        write_varint(&mut self.out, (loc.end_lineno - loc.lineno) as u32);
        write_varint(&mut self.out, (loc.col + 1) as u32);
        write_varint(&mut self.out, (loc.end_col + 1) as u32);
        self.lineno = loc.lineno;
    }

    fn emit(&mut self, loc: Location, mut isize: u32) {
        if isize == 0 {
            return;
        }
        while isize > 8 {
            self.entry(loc, 8);
            isize -= 8;
        }
        self.entry(loc, isize);
    }
}

fn location_table(seq: &[(CfgInstr, Handler)], firstlineno: i32) -> Vec<u8> {
    let mut w = LineWriter {
        out: Vec::new(),
        lineno: firstlineno,
    };
    let mut loc = NO_LOCATION;
    let mut size = 0;
    for (ins, _) in seq {
        if ins.loc != loc {
            w.emit(loc, size);
            loc = ins.loc;
            size = 0;
        }
        size += instr_size(ins.op, ins.arg as u32);
    }
    w.emit(loc, size);
    w.out
}

fn except_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | 0x40 | msb);
            msb = 0;
        }
    }
    out.push((value & 0x3f) as u8 | msb);
}

fn exception_table(seq: &[(CfgInstr, Handler)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ioffset = 0u32;
    let mut handler: Handler = None;
    let mut start = 0u32;
    let emit = |out: &mut Vec<u8>, start: u32, end: u32, h: (i32, i32, bool)| {
        let (target, startdepth, lasti) = h;
        let mut depth = startdepth - 1;
        if lasti {
            depth -= 1;
        }
        let depth_lasti = ((depth.max(0) as u32) << 1) | u32::from(lasti);
        except_item(out, start, 0x80);
        except_item(out, end - start, 0);
        except_item(out, target as u32, 0);
        except_item(out, depth_lasti, 0);
    };
    for (ins, h) in seq {
        let cur = h.map(|x| x.0);
        if cur != handler.map(|x| x.0) {
            if let Some(hh) = handler {
                emit(&mut out, start, ioffset, hh);
            }
            start = ioffset;
            handler = *h;
        }
        ioffset += instr_size(ins.op, ins.arg as u32);
    }
    if let Some(hh) = handler {
        emit(&mut out, start, ioffset, hh);
    }
    out
}
