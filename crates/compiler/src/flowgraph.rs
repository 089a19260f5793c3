//! The control-flow-graph passes of CPython 3.12.1's `flowgraph.c`, in its
//! order: label resolution, exception-handler marking and labelling,
//! `optimize_cfg` (empty-block elimination, small exit-block inlining, the
//! per-block peephole pass, redundant NOP/pair removal, unreachable-block
//! deletion, redundant jumps), unused-constant removal, `LOAD_FAST_CHECK`
//! insertion, cold blocks to the end, line-number resolution, and later
//! stack depth, pseudo-op conversion and jump resolution.

use crate::assemble::{Location, NO_LOCATION};
use crate::code::Constant;
use crate::codegen::Instr;
use crate::error::{CompileError, Result};
use crate::opcode::*;

/// Exception handler of an instruction after layout: (offset, start
/// depth, preserves lasti).
pub type Handler = Option<(i32, i32, bool)>;

/// An instruction inside a basic block.
#[derive(Clone, Copy, Debug)]
pub struct CfgInstr {
    /// Opcode.
    pub op: u16,
    /// Argument.
    pub arg: i32,
    /// Jump or handler target block.
    pub target: Option<usize>,
    /// Location.
    pub loc: Location,
    /// Innermost exception handler block.
    pub except: Option<usize>,
}

/// A basic block.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// Instructions.
    pub instrs: Vec<CfgInstr>,
    /// Next block in layout order.
    pub next: Option<usize>,
    /// Label id, -1 if none.
    pub label: i32,
    /// Exception handler.
    pub except_handler: bool,
    /// Handler preserving `lasti`.
    pub preserve_lasti: bool,
    /// Visited mark.
    pub visited: bool,
    /// Cold.
    pub cold: bool,
    /// Warm.
    pub warm: bool,
    /// Predecessor count.
    pub predecessors: u32,
    /// Stack depth at entry.
    pub startdepth: i32,
    /// Offset in code units.
    pub offset: i32,
    unsafe_locals_mask: u64,
    exceptstack: Option<Vec<Option<usize>>>,
}

/// A control-flow graph.
#[derive(Debug)]
pub struct Cfg {
    /// All blocks (arena).
    pub blocks: Vec<Block>,
    /// The entry block.
    pub entry: usize,
    /// A buffer for [`each_block!`]'s snapshots of the block order, reused
    /// across passes.
    scratch: Vec<usize>,
}

/// Runs the body for each block in layout order. The order is a snapshot
/// taken first (the body may relink blocks), in the graph's reused buffer.
macro_rules! each_block {
    ($cfg:expr, $b:ident, $body:block) => {{
        let mut order = std::mem::take(&mut $cfg.scratch);
        $cfg.fill_order(&mut order);
        for &$b in &order $body
        $cfg.scratch = order;
    }};
}

fn new_block(blocks: &mut Vec<Block>) -> usize {
    blocks.push(Block {
        label: -1,
        ..Block::default()
    });
    blocks.len() - 1
}

impl Cfg {
    /// Builds the graph from a codegen sequence (`instr_sequence_to_cfg`).
    pub fn from_sequence(instrs: &[Instr], labelmap: &[i32]) -> Result<Cfg> {
        let n = instrs.len();
        let mut offset2lbl = vec![-1i32; n + 1];
        for (lbl, &off) in labelmap.iter().enumerate() {
            if off >= 0 && (off as usize) <= n {
                offset2lbl[off as usize] = lbl as i32;
            }
        }
        let mut blocks = Vec::new();
        let entry = new_block(&mut blocks);
        let mut cur = entry;
        let mut current_label = -1;
        for (i, ins) in instrs.iter().enumerate() {
            if offset2lbl[i] >= 0 {
                current_label = offset2lbl[i];
                cur = maybe_start_new_block(&mut blocks, cur, &mut current_label);
            }
            let mut arg = ins.arg;
            if has_target(ins.op) {
                let off = labelmap.get(ins.arg as usize).copied().unwrap_or(-1);
                if off < 0 || off as usize > n {
                    return Err(CompileError::unsupported(
                        "jump to an unplaced label",
                        ins.loc.lineno,
                    ));
                }
                arg = offset2lbl[off as usize];
            }
            cur = maybe_start_new_block(&mut blocks, cur, &mut current_label);
            blocks[cur].instrs.push(CfgInstr {
                op: ins.op,
                arg,
                target: None,
                loc: ins.loc,
                except: None,
            });
        }
        if offset2lbl[n] >= 0 {
            // A label at the very end gets an (empty) block of its own.
            current_label = offset2lbl[n];
            let _ = maybe_start_new_block(&mut blocks, cur, &mut current_label);
        }
        Ok(Cfg {
            blocks,
            entry,
            scratch: Vec::new(),
        })
    }

    fn order(&self) -> Vec<usize> {
        let mut v = Vec::with_capacity(self.blocks.len());
        self.fill_order(&mut v);
        v
    }

    /// The blocks in layout order, into `v`.
    fn fill_order(&self, v: &mut Vec<usize>) {
        v.clear();
        let mut b = Some(self.entry);
        while let Some(i) = b {
            v.push(i);
            b = self.blocks[i].next;
        }
    }

    fn last(&self, b: usize) -> Option<&CfgInstr> {
        self.blocks[b].instrs.last()
    }

    fn no_fallthrough(&self, b: usize) -> bool {
        self.last(b)
            .is_some_and(|l| is_scope_exit(l.op) || is_unconditional_jump(l.op))
    }

    fn has_fallthrough(&self, b: usize) -> bool {
        !self.no_fallthrough(b)
    }

    fn exits_scope(&self, b: usize) -> bool {
        self.last(b).is_some_and(|l| is_scope_exit(l.op))
    }

    fn max_label(&self) -> i32 {
        self.order()
            .iter()
            .map(|&b| self.blocks[b].label)
            .max()
            .unwrap_or(-1)
    }

    fn translate_labels(&mut self) -> Result<()> {
        let order = self.order();
        let max = self.max_label();
        let mut map = vec![None; (max + 1).max(0) as usize];
        for &b in &order {
            let l = self.blocks[b].label;
            if l >= 0 {
                map[l as usize] = Some(b);
            }
        }
        for &b in &order {
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if has_target(ins.op) {
                    let t = map.get(ins.arg as usize).copied().flatten();
                    if t.is_none() {
                        return Err(CompileError::unsupported(
                            "jump to a missing label",
                            ins.loc.lineno,
                        ));
                    }
                    self.blocks[b].instrs[i].target = t;
                }
            }
        }
        Ok(())
    }

    fn mark_except_handlers(&mut self) {
        each_block!(self, b, {
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if is_block_push(ins.op) {
                    if let Some(t) = ins.target {
                        self.blocks[t].except_handler = true;
                    }
                }
            }
        });
    }

    fn label_exception_targets(&mut self) {
        each_block!(self, b, {
            self.blocks[b].visited = false;
        });
        let mut todo = vec![self.entry];
        self.blocks[self.entry].visited = true;
        self.blocks[self.entry].exceptstack = Some(vec![None]);
        while let Some(b) = todo.pop() {
            let mut stack = self.blocks[b]
                .exceptstack
                .take()
                .unwrap_or_else(|| vec![None]);
            let mut handler = *stack.last().unwrap_or(&None);
            let n = self.blocks[b].instrs.len();
            let mut moved = false;
            for i in 0..n {
                let ins = self.blocks[b].instrs[i];
                if is_block_push(ins.op) {
                    let t = ins.target.unwrap_or(0);
                    if !self.blocks[t].visited {
                        self.blocks[t].exceptstack = Some(stack.clone());
                        self.blocks[t].visited = true;
                        todo.push(t);
                    }
                    if ins.op == SETUP_WITH || ins.op == SETUP_CLEANUP {
                        self.blocks[t].preserve_lasti = true;
                    }
                    stack.push(Some(t));
                    handler = Some(t);
                } else if ins.op == POP_BLOCK {
                    stack.pop();
                    handler = *stack.last().unwrap_or(&None);
                } else if is_jump(ins.op) {
                    self.blocks[b].instrs[i].except = handler;
                    let t = ins.target.unwrap_or(0);
                    if !self.blocks[t].visited {
                        self.blocks[t].exceptstack = Some(stack.clone());
                        if !self.has_fallthrough(b) {
                            moved = true;
                        }
                        self.blocks[t].visited = true;
                        todo.push(t);
                    }
                } else {
                    if ins.op == YIELD_VALUE {
                        self.blocks[b].instrs[i].arg = stack.len() as i32 - 1;
                    }
                    self.blocks[b].instrs[i].except = handler;
                }
            }
            if !moved && self.has_fallthrough(b) {
                if let Some(nx) = self.blocks[b].next {
                    if !self.blocks[nx].visited {
                        self.blocks[nx].exceptstack = Some(stack);
                        self.blocks[nx].visited = true;
                        todo.push(nx);
                    }
                }
            }
        }
    }

    fn eliminate_empty_blocks(&mut self) {
        let order = self.order();
        for &b in &order {
            let mut next = self.blocks[b].next;
            while let Some(n) = next {
                if self.blocks[n].instrs.is_empty() {
                    next = self.blocks[n].next;
                } else {
                    break;
                }
            }
            self.blocks[b].next = next;
        }
        while self.blocks[self.entry].instrs.is_empty() {
            match self.blocks[self.entry].next {
                Some(n) => self.entry = n,
                None => break,
            }
        }
        let mut next_lbl = self.max_label() + 1;
        each_block!(self, b, {
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if has_target(ins.op) {
                    let mut t = ins.target.unwrap_or(0);
                    while self.blocks[t].instrs.is_empty() {
                        match self.blocks[t].next {
                            Some(n) => t = n,
                            None => break,
                        }
                    }
                    if ins.target != Some(t) {
                        if self.blocks[t].label < 0 {
                            self.blocks[t].label = next_lbl;
                            next_lbl += 1;
                        }
                        self.blocks[b].instrs[i].target = Some(t);
                        self.blocks[b].instrs[i].arg = self.blocks[t].label;
                    }
                }
            }
        });
    }

    fn inline_small_exit_blocks(&mut self, b: usize) -> bool {
        let Some(last) = self.last(b).copied() else {
            return false;
        };
        if !is_unconditional_jump(last.op) {
            return false;
        }
        let t = last.target.unwrap_or(0);
        if self.exits_scope(t) && self.blocks[t].instrs.len() <= 4 {
            let n = self.blocks[b].instrs.len();
            self.blocks[b].instrs[n - 1].op = NOP;
            self.blocks[b].instrs[n - 1].arg = 0;
            let copy = self.blocks[t].instrs.clone();
            self.blocks[b].instrs.extend(copy);
            return true;
        }
        false
    }

    fn remove_redundant_nops(&mut self, b: usize) -> usize {
        // The location the first instruction of the next non-empty block
        // shows, needed when the block ends with a NOP.
        let next_lineno = {
            let mut next = self.blocks[b].next;
            while let Some(nb) = next {
                if self.blocks[nb].instrs.is_empty() {
                    next = self.blocks[nb].next;
                } else {
                    break;
                }
            }
            next.map(|nb| {
                self.blocks[nb]
                    .instrs
                    .iter()
                    .find(|ni| !(ni.op == NOP && ni.loc.lineno == NO_LOCATION.lineno))
                    .map_or(NO_LOCATION.lineno, |ni| ni.loc.lineno)
            })
        };
        let instrs = &mut self.blocks[b].instrs;
        let n = instrs.len();
        let mut dest = 0;
        let mut prev_lineno = -1;
        for src in 0..n {
            let ins = instrs[src];
            let lineno = ins.loc.lineno;
            if ins.op == NOP {
                if lineno < 0 || prev_lineno == lineno {
                    continue;
                }
                if src + 1 < n {
                    let nl = instrs[src + 1].loc.lineno;
                    if nl == lineno {
                        continue;
                    }
                    if nl < 0 {
                        instrs[src + 1].loc = ins.loc;
                        continue;
                    }
                } else if next_lineno == Some(lineno) {
                    continue;
                }
            }
            instrs[dest] = ins;
            dest += 1;
            prev_lineno = lineno;
        }
        instrs.truncate(dest);
        n - dest
    }

    fn remove_redundant_nops_and_pairs(&mut self) {
        let mut done = false;
        while !done {
            done = true;
            let mut prev: Option<(usize, usize)>;
            let mut cur: Option<(usize, usize)> = None;
            each_block!(self, b, {
                self.remove_redundant_nops(b);
                if self.blocks[b].label >= 0 {
                    cur = None;
                }
                for i in 0..self.blocks[b].instrs.len() {
                    prev = cur;
                    cur = Some((b, i));
                    let (pop, parg) = match prev {
                        Some((pb, pi)) => {
                            let p = self.blocks[pb].instrs[pi];
                            (p.op, p.arg)
                        }
                        None => (0, 0),
                    };
                    let op = self.blocks[b].instrs[i].op;
                    let redundant =
                        op == POP_TOP && (pop == LOAD_CONST || (pop == COPY && parg == 1));
                    if redundant {
                        if let Some((pb, pi)) = prev {
                            self.blocks[pb].instrs[pi].op = NOP;
                            self.blocks[pb].instrs[pi].arg = 0;
                        }
                        self.blocks[b].instrs[i].op = NOP;
                        self.blocks[b].instrs[i].arg = 0;
                        done = false;
                    }
                }
                let last_is_jump =
                    cur.is_some_and(|(cb, ci)| is_jump(self.blocks[cb].instrs[ci].op));
                if last_is_jump || !self.has_fallthrough(b) {
                    cur = None;
                }
            });
        }
    }

    fn remove_redundant_jumps(&mut self) {
        each_block!(self, b, {
            if let Some(last) = self.last(b).copied() {
                if is_unconditional_jump(last.op) && last.target == self.blocks[b].next {
                    let n = self.blocks[b].instrs.len();
                    self.blocks[b].instrs[n - 1].op = NOP;
                    self.blocks[b].instrs[n - 1].arg = 0;
                }
            }
        });
    }

    fn jump_thread(&mut self, b: usize, i: usize, target: CfgInstr, op: u16) -> bool {
        let ins = self.blocks[b].instrs[i];
        if (ins.loc.lineno == target.loc.lineno || target.loc.lineno == -1)
            && ins.target != target.target
        {
            self.blocks[b].instrs[i].target = target.target;
            self.blocks[b].instrs[i].op = op;
            return true;
        }
        false
    }

    fn fold_tuple_on_constants(
        &mut self,
        b: usize,
        start: usize,
        n: usize,
        consts: &mut Vec<Constant>,
    ) {
        for k in 0..n {
            if !has_const(self.blocks[b].instrs[start + k].op)
                || self.blocks[b].instrs[start + k].op != LOAD_CONST
            {
                return;
            }
        }
        let tuple: Vec<Constant> = (0..n)
            .map(|k| consts[self.blocks[b].instrs[start + k].arg as usize].clone())
            .collect();
        let newc = Constant::Tuple(tuple);
        let key = newc.key(0);
        let index = match consts
            .iter()
            .position(|c| !matches!(c, Constant::Code(_)) && c.key(0) == key)
        {
            Some(i) => i,
            None => {
                consts.push(newc);
                consts.len() - 1
            }
        };
        for k in 0..n {
            self.blocks[b].instrs[start + k].op = NOP;
            self.blocks[b].instrs[start + k].arg = 0;
        }
        self.blocks[b].instrs[start + n].op = LOAD_CONST;
        self.blocks[b].instrs[start + n].arg = index as i32;
    }

    fn optimize_basic_block(&mut self, b: usize, consts: &mut Vec<Constant>) {
        let nop = CfgInstr {
            op: NOP,
            arg: 0,
            target: None,
            loc: NO_LOCATION,
            except: None,
        };
        let mut target = nop;
        let mut opcode = 0u16;
        let mut oparg = 0i32;
        let mut i: isize = 0;
        while (i as usize) < self.blocks[b].instrs.len() {
            let iu = i as usize;
            let inst = self.blocks[b].instrs[iu];
            let is_copy_of_load_const = opcode == LOAD_CONST && inst.op == COPY && inst.arg == 1;
            if !is_copy_of_load_const {
                opcode = inst.op;
                oparg = inst.arg;
                target = if has_target(opcode) {
                    let t = inst.target.unwrap_or(0);
                    self.blocks[t].instrs.first().copied().unwrap_or(nop)
                } else {
                    nop
                };
            }
            let len = self.blocks[b].instrs.len();
            let nextop = if iu + 1 < len {
                self.blocks[b].instrs[iu + 1].op
            } else {
                0
            };
            match opcode {
                LOAD_CONST => match nextop {
                    POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE => {
                        let is_true = consts[oparg as usize].is_true();
                        self.blocks[b].instrs[iu].op = NOP;
                        self.blocks[b].instrs[iu].arg = 0;
                        let jump_if_true = nextop == POP_JUMP_IF_TRUE;
                        if is_true == jump_if_true {
                            self.blocks[b].instrs[iu + 1].op = JUMP;
                        } else {
                            self.blocks[b].instrs[iu + 1].op = NOP;
                            self.blocks[b].instrs[iu + 1].arg = 0;
                        }
                    }
                    IS_OP => {
                        let jump_op = if iu + 2 < len {
                            self.blocks[b].instrs[iu + 2].op
                        } else {
                            0
                        };
                        if matches!(consts[oparg as usize], Constant::None)
                            && (jump_op == POP_JUMP_IF_FALSE || jump_op == POP_JUMP_IF_TRUE)
                        {
                            let nextarg = self.blocks[b].instrs[iu + 1].arg & 0xFF;
                            self.blocks[b].instrs[iu].op = NOP;
                            self.blocks[b].instrs[iu].arg = 0;
                            self.blocks[b].instrs[iu + 1].op = NOP;
                            self.blocks[b].instrs[iu + 1].arg = 0;
                            let flip = (nextarg != 0) ^ (jump_op == POP_JUMP_IF_FALSE);
                            self.blocks[b].instrs[iu + 2].op = if flip {
                                POP_JUMP_IF_NOT_NONE
                            } else {
                                POP_JUMP_IF_NONE
                            };
                        }
                    }
                    RETURN_VALUE => {
                        self.blocks[b].instrs[iu].op = NOP;
                        self.blocks[b].instrs[iu].arg = 0;
                        self.blocks[b].instrs[iu + 1].op = RETURN_CONST;
                        self.blocks[b].instrs[iu + 1].arg = oparg;
                        i += 1;
                    }
                    _ => {}
                },
                BUILD_TUPLE => {
                    if nextop == UNPACK_SEQUENCE && oparg == self.blocks[b].instrs[iu + 1].arg {
                        match oparg {
                            1 => {
                                self.blocks[b].instrs[iu].op = NOP;
                                self.blocks[b].instrs[iu].arg = 0;
                                self.blocks[b].instrs[iu + 1].op = NOP;
                                self.blocks[b].instrs[iu + 1].arg = 0;
                                i += 1;
                                continue;
                            }
                            2 | 3 => {
                                self.blocks[b].instrs[iu].op = NOP;
                                self.blocks[b].instrs[iu].arg = 0;
                                self.blocks[b].instrs[iu + 1].op = SWAP;
                                i += 1;
                                continue;
                            }
                            _ => {}
                        }
                    }
                    if iu >= oparg as usize {
                        self.fold_tuple_on_constants(
                            b,
                            iu - oparg as usize,
                            oparg as usize,
                            consts,
                        );
                    }
                }
                POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE | POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE
                | JUMP
                    if target.op == JUMP && self.jump_thread(b, iu, target, opcode) =>
                {
                    i -= 1;
                }
                SWAP => {
                    if oparg == 1 {
                        self.blocks[b].instrs[iu].op = NOP;
                        self.blocks[b].instrs[iu].arg = 0;
                    } else {
                        let mut ix = iu;
                        swaptimize(&mut self.blocks[b].instrs, &mut ix);
                        apply_static_swaps(&mut self.blocks[b].instrs, ix as isize);
                        i = ix as isize;
                    }
                }
                PUSH_NULL
                    if nextop == LOAD_GLOBAL && (self.blocks[b].instrs[iu + 1].arg & 1) == 0 =>
                {
                    self.blocks[b].instrs[iu].op = NOP;
                    self.blocks[b].instrs[iu].arg = 0;
                    self.blocks[b].instrs[iu + 1].arg |= 1;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn mark_reachable(&mut self) {
        each_block!(self, b, {
            self.blocks[b].visited = false;
            self.blocks[b].predecessors = 0;
        });
        let mut stack = vec![self.entry];
        self.blocks[self.entry].predecessors = 1;
        // Each block is pushed once: when its predecessor count first rises.
        while let Some(b) = stack.pop() {
            self.blocks[b].visited = true;
            if let Some(n) = self.blocks[b].next {
                if self.has_fallthrough(b) {
                    if !self.blocks[n].visited && self.blocks[n].predecessors == 0 {
                        stack.push(n);
                    }
                    self.blocks[n].predecessors += 1;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if is_jump(ins.op) || is_block_push(ins.op) {
                    let t = ins.target.unwrap_or(0);
                    if !self.blocks[t].visited && self.blocks[t].predecessors == 0 {
                        stack.push(t);
                    }
                    self.blocks[t].predecessors += 1;
                }
            }
        }
    }

    fn optimize(&mut self, consts: &mut Vec<Constant>) -> Result<()> {
        // check_cfg
        for b in self.order() {
            let n = self.blocks[b].instrs.len();
            for (i, ins) in self.blocks[b].instrs.iter().enumerate() {
                if is_terminator(ins.op) && i != n - 1 {
                    return Err(CompileError::unsupported(
                        "malformed control flow graph",
                        ins.loc.lineno,
                    ));
                }
            }
        }
        self.eliminate_empty_blocks();
        each_block!(self, b, {
            self.inline_small_exit_blocks(b);
        });
        each_block!(self, b, {
            self.optimize_basic_block(b, consts);
        });
        self.remove_redundant_nops_and_pairs();
        each_block!(self, b, {
            self.inline_small_exit_blocks(b);
        });
        self.mark_reachable();
        each_block!(self, b, {
            if self.blocks[b].predecessors == 0 {
                self.blocks[b].instrs.clear();
            }
        });
        each_block!(self, b, {
            self.remove_redundant_nops(b);
        });
        self.eliminate_empty_blocks();
        self.remove_redundant_jumps();
        Ok(())
    }

    fn remove_unused_consts(&mut self, consts: &mut Vec<Constant>) {
        let n = consts.len();
        if n == 0 {
            return;
        }
        let mut used = vec![false; n];
        used[0] = true;
        each_block!(self, b, {
            for ins in &self.blocks[b].instrs {
                if has_const(ins.op) {
                    if let Some(u) = used.get_mut(ins.arg as usize) {
                        *u = true;
                    }
                }
            }
        });
        if used.iter().all(|&u| u) {
            return;
        }
        let mut remap = vec![-1i32; n];
        let mut kept = Vec::new();
        for (i, c) in std::mem::take(consts).into_iter().enumerate() {
            if used[i] {
                remap[i] = kept.len() as i32;
                kept.push(c);
            }
        }
        *consts = kept;
        each_block!(self, b, {
            for ins in self.blocks[b].instrs.iter_mut() {
                if has_const(ins.op) {
                    ins.arg = remap[ins.arg as usize];
                }
            }
        });
    }

    fn scan_block_for_locals(&mut self, b: usize, stack: &mut Vec<usize>) {
        let mut mask = self.blocks[b].unsafe_locals_mask;
        for i in 0..self.blocks[b].instrs.len() {
            let ins = self.blocks[b].instrs[i];
            if let Some(h) = ins.except {
                self.maybe_push(h, mask, stack);
            }
            if ins.arg >= 64 || ins.arg < 0 {
                continue;
            }
            let bit = 1u64 << ins.arg;
            match ins.op {
                DELETE_FAST | LOAD_FAST_AND_CLEAR | STORE_FAST_MAYBE_NULL => mask |= bit,
                STORE_FAST | LOAD_FAST_CHECK => mask &= !bit,
                LOAD_FAST => {
                    if mask & bit != 0 {
                        self.blocks[b].instrs[i].op = LOAD_FAST_CHECK;
                    }
                    mask &= !bit;
                }
                _ => {}
            }
        }
        if let Some(n) = self.blocks[b].next {
            if self.has_fallthrough(b) {
                self.maybe_push(n, mask, stack);
            }
        }
        if let Some(last) = self.last(b).copied() {
            if is_jump(last.op) {
                if let Some(t) = last.target {
                    self.maybe_push(t, mask, stack);
                }
            }
        }
    }

    fn maybe_push(&mut self, b: usize, mask: u64, stack: &mut Vec<usize>) {
        let both = self.blocks[b].unsafe_locals_mask | mask;
        if self.blocks[b].unsafe_locals_mask != both {
            self.blocks[b].unsafe_locals_mask = both;
            if !self.blocks[b].visited {
                stack.push(b);
                self.blocks[b].visited = true;
            }
        }
    }

    fn add_checks_for_uninitialized(&mut self, nlocals: usize, nparams: usize) {
        if nlocals == 0 {
            return;
        }
        let mut nlocals = nlocals;
        if nlocals > 64 {
            // Locals past the first 64 are checked one block at a time.
            let mut states = vec![0usize; nlocals - 64];
            let mut blocknum = 0usize;
            each_block!(self, b, {
                blocknum += 1;
                for ins in self.blocks[b].instrs.iter_mut() {
                    if ins.arg < 64 {
                        continue;
                    }
                    let k = ins.arg as usize - 64;
                    if k >= states.len() {
                        continue;
                    }
                    match ins.op {
                        DELETE_FAST | LOAD_FAST_AND_CLEAR | STORE_FAST_MAYBE_NULL => {
                            states[k] = blocknum - 1
                        }
                        STORE_FAST => states[k] = blocknum,
                        LOAD_FAST => {
                            if states[k] != blocknum {
                                ins.op = LOAD_FAST_CHECK;
                            }
                            states[k] = blocknum;
                        }
                        _ => {}
                    }
                }
            });
            nlocals = 64;
        }
        each_block!(self, b, {
            self.blocks[b].visited = false;
            self.blocks[b].unsafe_locals_mask = 0;
        });
        let mut stack = Vec::new();
        let mut start_mask = 0u64;
        for i in nparams..nlocals {
            start_mask |= 1u64 << i;
        }
        let entry = self.entry;
        self.maybe_push(entry, start_mask, &mut stack);
        each_block!(self, b, {
            self.scan_block_for_locals(b, &mut stack);
        });
        while let Some(b) = stack.pop() {
            self.blocks[b].visited = false;
            self.scan_block_for_locals(b, &mut stack);
        }
    }

    fn mark_warm(&mut self) {
        each_block!(self, b, {
            self.blocks[b].visited = false;
        });
        let mut stack = vec![self.entry];
        self.blocks[self.entry].visited = true;
        while let Some(b) = stack.pop() {
            self.blocks[b].warm = true;
            if let Some(n) = self.blocks[b].next {
                if self.has_fallthrough(b) && !self.blocks[n].visited {
                    stack.push(n);
                    self.blocks[n].visited = true;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if is_jump(ins.op) {
                    let t = ins.target.unwrap_or(0);
                    if !self.blocks[t].visited {
                        stack.push(t);
                        self.blocks[t].visited = true;
                    }
                }
            }
        }
    }

    fn mark_cold(&mut self) {
        self.mark_warm();
        each_block!(self, b, {
            self.blocks[b].visited = false;
        });
        let mut stack = Vec::new();
        each_block!(self, b, {
            if self.blocks[b].except_handler {
                stack.push(b);
                self.blocks[b].visited = true;
            }
        });
        while let Some(b) = stack.pop() {
            self.blocks[b].cold = true;
            if let Some(n) = self.blocks[b].next {
                if self.has_fallthrough(b) && !self.blocks[n].warm && !self.blocks[n].visited {
                    stack.push(n);
                    self.blocks[n].visited = true;
                }
            }
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                if is_jump(ins.op) {
                    let t = ins.target.unwrap_or(0);
                    if !self.blocks[t].warm && !self.blocks[t].visited {
                        stack.push(t);
                        self.blocks[t].visited = true;
                    }
                }
            }
        }
    }

    fn push_cold_blocks_to_end(&mut self) {
        if self.blocks[self.entry].next.is_none() {
            return;
        }
        self.mark_cold();
        let mut next_lbl = self.max_label() + 1;
        each_block!(self, b, {
            if self.blocks[b].cold && self.has_fallthrough(b) {
                if let Some(n) = self.blocks[b].next {
                    if self.blocks[n].warm {
                        let j = new_block(&mut self.blocks);
                        if self.blocks[n].label < 0 {
                            self.blocks[n].label = next_lbl;
                            next_lbl += 1;
                        }
                        let lbl = self.blocks[n].label;
                        self.blocks[j].instrs.push(CfgInstr {
                            op: JUMP,
                            arg: lbl,
                            target: Some(n),
                            loc: NO_LOCATION,
                            except: None,
                        });
                        self.blocks[j].cold = true;
                        self.blocks[j].next = Some(n);
                        self.blocks[b].next = Some(j);
                    }
                }
            }
        });
        let mut cold_head: Option<usize> = None;
        let mut cold_tail: Option<usize> = None;
        let mut b = self.entry;
        while let Some(mut nx) = self.blocks[b].next {
            while !self.blocks[nx].cold {
                b = nx;
                match self.blocks[b].next {
                    Some(n) => nx = n,
                    None => break,
                }
            }
            let Some(start) = self.blocks[b].next else {
                break;
            };
            let mut end = start;
            while let Some(n) = self.blocks[end].next {
                if self.blocks[n].cold {
                    end = n;
                } else {
                    break;
                }
            }
            match cold_tail {
                None => cold_head = Some(start),
                Some(t) => self.blocks[t].next = Some(start),
            }
            cold_tail = Some(end);
            self.blocks[b].next = self.blocks[end].next;
            self.blocks[end].next = None;
        }
        self.blocks[b].next = cold_head;
        if cold_head.is_some() {
            self.remove_redundant_jumps();
        }
    }

    fn is_exit_without_lineno(&self, b: usize) -> bool {
        self.exits_scope(b) && self.blocks[b].instrs.iter().all(|i| i.loc.lineno < 0)
    }

    fn duplicate_exits_without_lineno(&mut self) {
        let mut next_lbl = self.max_label() + 1;
        let mut b = Some(self.entry);
        while let Some(bi) = b {
            if let Some(last) = self.last(bi).copied() {
                if is_jump(last.op) {
                    let t = last.target.unwrap_or(0);
                    if self.is_exit_without_lineno(t) && self.blocks[t].predecessors > 1 {
                        let nt = new_block(&mut self.blocks);
                        self.blocks[nt].instrs = self.blocks[t].instrs.clone();
                        self.blocks[nt].instrs[0].loc = last.loc;
                        let n = self.blocks[bi].instrs.len();
                        self.blocks[bi].instrs[n - 1].target = Some(nt);
                        self.blocks[t].predecessors -= 1;
                        self.blocks[nt].predecessors = 1;
                        self.blocks[nt].next = self.blocks[t].next;
                        self.blocks[nt].label = next_lbl;
                        next_lbl += 1;
                        self.blocks[t].next = Some(nt);
                    }
                }
            }
            b = self.blocks[bi].next;
        }
        each_block!(self, bi, {
            if self.has_fallthrough(bi) && !self.blocks[bi].instrs.is_empty() {
                if let Some(n) = self.blocks[bi].next {
                    if self.is_exit_without_lineno(n) {
                        let l = self.last(bi).map(|l| l.loc).unwrap_or(NO_LOCATION);
                        self.blocks[n].instrs[0].loc = l;
                    }
                }
            }
        });
    }

    fn propagate_line_numbers(&mut self) {
        each_block!(self, b, {
            if self.blocks[b].instrs.is_empty() {
                continue;
            }
            let mut prev = NO_LOCATION;
            for ins in self.blocks[b].instrs.iter_mut() {
                if ins.loc.lineno < 0 {
                    ins.loc = prev;
                } else {
                    prev = ins.loc;
                }
            }
            if self.has_fallthrough(b) {
                if let Some(n) = self.blocks[b].next {
                    if self.blocks[n].predecessors == 1
                        && !self.blocks[n].instrs.is_empty()
                        && self.blocks[n].instrs[0].loc.lineno < 0
                    {
                        self.blocks[n].instrs[0].loc = prev;
                    }
                }
            }
            if let Some(last) = self.last(b).copied() {
                if is_jump(last.op) {
                    let t = last.target.unwrap_or(0);
                    if self.blocks[t].predecessors == 1 && self.blocks[t].instrs[0].loc.lineno < 0 {
                        self.blocks[t].instrs[0].loc = prev;
                    }
                }
            }
        });
    }

    fn guarantee_lineno_for_exits(&mut self, firstlineno: i32) {
        let mut lineno = firstlineno;
        each_block!(self, b, {
            let Some(last) = self.last(b).copied() else {
                continue;
            };
            if last.loc.lineno < 0 {
                if last.op == RETURN_VALUE {
                    for ins in self.blocks[b].instrs.iter_mut() {
                        ins.loc.lineno = lineno;
                    }
                }
            } else {
                lineno = last.loc.lineno;
            }
        });
    }

    /// `_PyCfg_OptimizeCodeUnit`: every pass up to line-number resolution.
    pub fn optimize_code_unit(
        &mut self,
        consts: &mut Vec<Constant>,
        nlocals: usize,
        nparams: usize,
        firstlineno: i32,
    ) -> Result<()> {
        self.translate_labels()?;
        self.mark_except_handlers();
        self.label_exception_targets();
        self.optimize(consts)?;
        self.remove_unused_consts(consts);
        self.add_checks_for_uninitialized(nlocals, nparams);
        self.push_cold_blocks_to_end();
        self.duplicate_exits_without_lineno();
        self.propagate_line_numbers();
        self.guarantee_lineno_for_exits(firstlineno);
        Ok(())
    }

    /// Inserts instructions at the start of the entry block.
    pub fn insert_at_entry(&mut self, pos: usize, op: u16, arg: i32, loc: Location) {
        let e = self.entry;
        self.blocks[e].instrs.insert(
            pos,
            CfgInstr {
                op,
                arg,
                target: None,
                loc,
                except: None,
            },
        );
    }

    /// `_PyCfg_Stackdepth`.
    pub fn stackdepth(&mut self, generator: bool) -> Result<i32> {
        each_block!(self, b, {
            self.blocks[b].startdepth = i32::MIN;
        });
        let mut stack = Vec::new();
        let mut maxdepth = 0;
        let push = |blocks: &mut Vec<Block>, stack: &mut Vec<usize>, b: usize, depth: i32| {
            if blocks[b].startdepth < depth && blocks[b].startdepth < 100 {
                blocks[b].startdepth = depth;
                stack.push(b);
            }
        };
        push(
            &mut self.blocks,
            &mut stack,
            self.entry,
            i32::from(generator),
        );
        while let Some(b) = stack.pop() {
            let mut depth = self.blocks[b].startdepth;
            let mut next = self.blocks[b].next;
            for i in 0..self.blocks[b].instrs.len() {
                let ins = self.blocks[b].instrs[i];
                let Some(effect) = stack_effect(ins.op, ins.arg, false) else {
                    return Err(CompileError::unsupported(
                        format!("no stack effect for opcode {}", ins.op),
                        ins.loc.lineno,
                    ));
                };
                let new_depth = depth + effect;
                if new_depth < 0 {
                    return Err(CompileError::unsupported(
                        "negative stack depth",
                        ins.loc.lineno,
                    ));
                }
                maxdepth = maxdepth.max(new_depth);
                if has_target(ins.op) {
                    let je = stack_effect(ins.op, ins.arg, true).unwrap_or(0);
                    let td = depth + je;
                    maxdepth = maxdepth.max(td);
                    push(&mut self.blocks, &mut stack, ins.target.unwrap_or(0), td);
                }
                depth = new_depth;
                if is_unconditional_jump(ins.op) || is_scope_exit(ins.op) {
                    next = None;
                    break;
                }
            }
            if let Some(n) = next {
                push(&mut self.blocks, &mut stack, n, depth);
            }
        }
        Ok(maxdepth)
    }

    /// `_PyCfg_ConvertPseudoOps`.
    pub fn convert_pseudo_ops(&mut self) {
        each_block!(self, b, {
            for ins in self.blocks[b].instrs.iter_mut() {
                if is_block_push(ins.op) || ins.op == POP_BLOCK {
                    ins.op = NOP;
                    ins.arg = 0;
                } else if ins.op == STORE_FAST_MAYBE_NULL {
                    ins.op = STORE_FAST;
                }
            }
        });
        each_block!(self, b, {
            self.remove_redundant_nops(b);
        });
    }

    /// `_PyCfg_ResolveJumps`: direction of jumps, then offsets.
    pub fn resolve_jumps(&mut self) {
        each_block!(self, b, {
            self.blocks[b].visited = false;
        });
        let mut b = Some(self.entry);
        while let Some(bi) = b {
            self.blocks[bi].visited = true;
            if let Some(last) = self.last(bi).copied() {
                if is_jump(last.op) {
                    let t = last.target.unwrap_or(0);
                    let forward = !self.blocks[t].visited;
                    let n = self.blocks[bi].instrs.len() - 1;
                    match last.op {
                        JUMP => {
                            self.blocks[bi].instrs[n].op =
                                if forward { JUMP_FORWARD } else { JUMP_BACKWARD }
                        }
                        JUMP_NO_INTERRUPT => {
                            self.blocks[bi].instrs[n].op = if forward {
                                JUMP_FORWARD
                            } else {
                                JUMP_BACKWARD_NO_INTERRUPT
                            }
                        }
                        POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE | POP_JUMP_IF_FALSE
                        | POP_JUMP_IF_TRUE
                            if !forward =>
                        {
                            let rev = match last.op {
                                POP_JUMP_IF_NOT_NONE => POP_JUMP_IF_NONE,
                                POP_JUMP_IF_NONE => POP_JUMP_IF_NOT_NONE,
                                POP_JUMP_IF_FALSE => POP_JUMP_IF_TRUE,
                                _ => POP_JUMP_IF_FALSE,
                            };
                            let j = new_block(&mut self.blocks);
                            let tl = self.blocks[t].label;
                            self.blocks[j].instrs.push(CfgInstr {
                                op: JUMP,
                                arg: tl,
                                target: Some(t),
                                loc: last.loc,
                                // CPython's new instruction has no handler.
                                except: None,
                            });
                            self.blocks[bi].instrs[n].op = rev;
                            self.blocks[bi].instrs[n].target = self.blocks[bi].next;
                            self.blocks[j].cold = self.blocks[bi].cold;
                            self.blocks[j].next = self.blocks[bi].next;
                            self.blocks[bi].next = Some(j);
                        }
                        _ => {}
                    }
                }
            }
            b = self.blocks[bi].next;
        }
        // resolve_jump_offsets
        loop {
            let mut total = 0;
            each_block!(self, b, {
                self.blocks[b].offset = total;
                total += self.blocks[b]
                    .instrs
                    .iter()
                    .map(|i| instr_size(i.op, i.arg as u32) as i32)
                    .sum::<i32>();
            });
            let mut again = false;
            each_block!(self, b, {
                let mut bsize = self.blocks[b].offset;
                for i in 0..self.blocks[b].instrs.len() {
                    let ins = self.blocks[b].instrs[i];
                    let isize = instr_size(ins.op, ins.arg as u32) as i32;
                    bsize += isize;
                    if is_jump(ins.op) {
                        let toff = self.blocks[ins.target.unwrap_or(0)].offset;
                        let arg = if toff < bsize {
                            bsize - toff
                        } else {
                            toff - bsize
                        };
                        self.blocks[b].instrs[i].arg = arg;
                        if instr_size(ins.op, arg as u32) as i32 != isize {
                            again = true;
                        }
                    }
                }
            });
            if !again {
                break;
            }
        }
    }

    /// The final instruction list with exception-handler info
    /// (`cfg_to_instr_sequence`).
    pub fn linearize(&self) -> Vec<(CfgInstr, Handler)> {
        let mut out = Vec::new();
        for b in self.order() {
            for ins in &self.blocks[b].instrs {
                let h = ins.except.map(|h| {
                    let hb = &self.blocks[h];
                    (hb.offset, hb.startdepth, hb.preserve_lasti)
                });
                out.push((*ins, h));
            }
        }
        out
    }

    /// Rewrites the argument of matching instructions in every block.
    pub fn map_instrs(&mut self, mut f: impl FnMut(&mut CfgInstr)) {
        each_block!(self, b, {
            for ins in self.blocks[b].instrs.iter_mut() {
                f(ins);
            }
        });
    }
}

fn maybe_start_new_block(blocks: &mut Vec<Block>, cur: usize, current_label: &mut i32) -> usize {
    let terminated = {
        let last = blocks[cur].instrs.last();
        if last.is_some_and(|l| is_terminator(l.op)) {
            true
        } else if *current_label >= 0 {
            if last.is_some() || blocks[cur].label >= 0 {
                true
            } else {
                blocks[cur].label = *current_label;
                *current_label = -1;
                false
            }
        } else {
            false
        }
    };
    if terminated {
        let b = new_block(blocks);
        blocks[b].label = *current_label;
        *current_label = -1;
        blocks[cur].next = Some(b);
        return b;
    }
    cur
}

fn swaptimize(instrs: &mut [CfgInstr], ix: &mut usize) {
    let start = *ix;
    let mut depth = instrs[start].arg;
    let mut len = 0usize;
    let mut more = false;
    let limit = instrs.len() - start;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let op = instrs[start + len].op;
        if op == SWAP {
            depth = depth.max(instrs[start + len].arg);
            more = true;
        } else if op != NOP {
            break;
        }
    }
    if !more {
        return;
    }
    let depth = depth as usize;
    let mut stack: Vec<i32> = (0..depth as i32).collect();
    for k in 0..len {
        if instrs[start + k].op == SWAP {
            let a = instrs[start + k].arg as usize;
            stack.swap(0, a - 1);
        }
    }
    const VISITED: i32 = -1;
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as i32 {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let c = current as usize;
                instrs[start + c].op = SWAP;
                instrs[start + c].arg = j as i32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        let c = current as usize;
        instrs[start + c].op = NOP;
        instrs[start + c].arg = 0;
        current -= 1;
    }
    *ix = start + len - 1;
}

fn swappable(op: u16) -> bool {
    op == STORE_FAST || op == STORE_FAST_MAYBE_NULL || op == POP_TOP
}

fn stores_to(i: &CfgInstr) -> i32 {
    if i.op == STORE_FAST || i.op == STORE_FAST_MAYBE_NULL {
        i.arg
    } else {
        -1
    }
}

fn next_swappable(instrs: &[CfgInstr], mut i: usize, lineno: i32) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let ins = &instrs[i];
        if lineno >= 0 && ins.loc.lineno != lineno {
            return None;
        }
        if ins.op == NOP {
            continue;
        }
        if swappable(ins.op) {
            return Some(i);
        }
        return None;
    }
}

fn apply_static_swaps(instrs: &mut [CfgInstr], mut i: isize) {
    while i >= 0 {
        let iu = i as usize;
        let swap = instrs[iu];
        if swap.op != SWAP {
            if swap.op == NOP || swappable(swap.op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(instrs, iu, -1) else {
            return;
        };
        let mut k = j;
        let lineno = instrs[j].loc.lineno;
        let mut count = swap.arg - 1;
        while count > 0 {
            match next_swappable(instrs, k, lineno) {
                Some(n) => k = n,
                None => return,
            }
            count -= 1;
        }
        let sj = stores_to(&instrs[j]);
        let sk = stores_to(&instrs[k]);
        if sj >= 0 || sk >= 0 {
            if sj == sk {
                return;
            }
            for ins in &instrs[j + 1..k] {
                let s = stores_to(ins);
                if s >= 0 && (s == sj || s == sk) {
                    return;
                }
            }
        }
        instrs[iu].op = NOP;
        instrs[iu].arg = 0;
        instrs.swap(j, k);
        i -= 1;
    }
}
