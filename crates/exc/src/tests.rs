//! Unit tests and a model-based property test of [`ExcState`] against a
//! plain reference model of CPython 3.12's rules.

use super::*;
use proptest::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// The shared table of `__context__` links.
type Links = Rc<RefCell<Vec<Option<usize>>>>;

/// Exceptions as indexes into the table.
#[derive(Clone, Debug)]
struct Ex {
    id: usize,
    links: Links,
}

impl Exception for Ex {
    fn is(&self, o: &Self) -> bool {
        self.id == o.id
    }
    fn context(&self) -> Option<Self> {
        self.links.borrow()[self.id].map(|id| Ex {
            id,
            links: self.links.clone(),
        })
    }
    fn set_context(&self, ctx: Option<Self>) {
        self.links.borrow_mut()[self.id] = ctx.map(|c| c.id);
    }
}

const N: usize = 6;

fn world() -> (Vec<Ex>, Links) {
    let links = Rc::new(RefCell::new(vec![None; N]));
    let ex = (0..N)
        .map(|id| Ex {
            id,
            links: links.clone(),
        })
        .collect();
    (ex, links)
}

#[test]
fn cycle_cut_and_existing_cycles() {
    let (e, links) = world();
    let (a, b, c, d, x) = (&e[0], &e[1], &e[2], &e[3], &e[4]);
    // handled A with A.ctx = B; raising B gives B.ctx = A, A.ctx = None.
    a.set_context(Some(b.clone()));
    chain_context(b, a);
    assert_eq!(links.borrow()[1], Some(0));
    assert_eq!(links.borrow()[0], None);
    // handled C <-> D; raising X leaves the cycle and sets X.ctx = C.
    c.set_context(Some(d.clone()));
    d.set_context(Some(c.clone()));
    chain_context(x, c);
    assert_eq!(links.borrow()[4], Some(2));
    assert_eq!((links.borrow()[2], links.borrow()[3]), (Some(3), Some(2)));
    // a self-cycle
    let y = &e[5];
    a.set_context(Some(a.clone()));
    chain_context(y, a);
    assert_eq!(links.borrow()[5], Some(0));
    assert_eq!(links.borrow()[0], Some(0));
    // re-raising the handled exception makes no self-context
    let before = links.borrow().clone();
    chain_context(b, b);
    assert_eq!(*links.borrow(), before);
}

#[test]
fn chain1_situations() {
    let (e, links) = world();
    let mut st: ExcState<Ex> = ExcState::new();
    st.chain(None);
    assert!(st.occurred().is_none());
    st.chain(Some(e[0].clone()));
    assert!(st.occurred().unwrap().is(&e[0]));
    st.chain(Some(e[1].clone()));
    assert!(st.occurred().unwrap().is(&e[0]));
    assert_eq!(links.borrow()[0], Some(1));
    // pre-linked: forms a cycle, not cut
    e[1].set_context(Some(e[0].clone()));
    st.chain(Some(e[1].clone()));
    assert_eq!((links.borrow()[0], links.borrow()[1]), (Some(1), Some(0)));
}

#[test]
fn handled_stack_reads_topmost_non_empty() {
    let (e, _) = world();
    let mut st: ExcState<Ex> = ExcState::new();
    assert!(st.handled().is_none());
    assert!(st.set_handled(Some(e[0].clone())).is_none());
    st.push_handled(None);
    assert!(st.handled().unwrap().is(&e[0]));
    let _ = st.set_handled(Some(e[1].clone()));
    assert!(st.handled().unwrap().is(&e[1]));
    assert!(st.pop_handled().unwrap().is(&e[1]));
    assert!(st.handled().unwrap().is(&e[0]));
    let _ = st.set_handled(None);
    assert!(st.handled().is_none());
}

/// The reference model: CPython's rules written plainly (a visited set
/// instead of Floyd's walk).
#[derive(Debug, Default, Clone, PartialEq)]
struct Model {
    raised: Option<usize>,
    handled: Vec<Option<usize>>,
    links: Vec<Option<usize>>,
}

impl Model {
    fn handled(&self) -> Option<usize> {
        self.handled.iter().rev().find_map(|e| *e)
    }
    fn chain_context(&mut self, value: usize, h: usize) {
        if value == h {
            return;
        }
        let mut seen = vec![h];
        let mut o = h;
        while let Some(c) = self.links[o] {
            if c == value {
                self.links[o] = None;
                break;
            }
            if seen.contains(&c) {
                break;
            }
            seen.push(c);
            o = c;
        }
        self.links[value] = Some(h);
    }
}

#[derive(Debug, Clone)]
enum Op {
    Raise(usize),
    SetRaised(Option<usize>),
    Take,
    SetHandled(Option<usize>),
    Push,
    Pop,
    Chain(Option<usize>),
    Link(usize, Option<usize>),
}

fn op() -> impl Strategy<Value = Op> {
    let id = 0..N;
    let oid = proptest::option::of(0..N);
    prop_oneof![
        id.clone().prop_map(Op::Raise),
        oid.clone().prop_map(Op::SetRaised),
        Just(Op::Take),
        oid.clone().prop_map(Op::SetHandled),
        Just(Op::Push),
        Just(Op::Pop),
        oid.clone().prop_map(Op::Chain),
        (id, oid).prop_map(|(a, b)| Op::Link(a, b)),
    ]
}

proptest! {
    #[test]
    #[cfg_attr(miri, ignore)]
    fn agrees_with_the_model(ops in proptest::collection::vec(op(), 0..60)) {
        let (e, links) = world();
        let mut st: ExcState<Ex> = ExcState::new();
        // Like CPython's thread state, the stack always has its bottom entry.
        let mut m = Model { links: vec![None; N], handled: vec![None], ..Model::default() };
        let get = |i: Option<usize>| i.map(|i| e[i].clone());
        for o in ops {
            match o {
                Op::Raise(i) => {
                    let _ = st.raise(e[i].clone());
                    if let Some(h) = m.handled() {
                        m.chain_context(i, h);
                    }
                    m.raised = Some(i);
                }
                Op::SetRaised(i) => {
                    let _ = st.set_raised(get(i));
                    m.raised = i;
                }
                Op::Take => {
                    prop_assert_eq!(st.take().map(|x| x.id), m.raised.take());
                }
                Op::SetHandled(i) => {
                    let _ = st.set_handled(get(i));
                    match m.handled.last_mut() {
                        Some(t) => *t = i,
                        None => m.handled.push(i),
                    }
                }
                Op::Push => {
                    st.push_handled(None);
                    m.handled.push(None);
                }
                Op::Pop => {
                    let expected = if m.handled.len() > 1 {
                        m.handled.pop().flatten()
                    } else {
                        m.handled[0].take()
                    };
                    prop_assert_eq!(st.pop_handled().map(|x| x.id), expected);
                }
                Op::Chain(i) => {
                    st.chain(get(i));
                    if let Some(i) = i {
                        match m.raised {
                            None => m.raised = Some(i),
                            Some(r) => m.links[r] = Some(i),
                        }
                    }
                }
                Op::Link(a, b) => {
                    e[a].set_context(get(b));
                    m.links[a] = b;
                }
            }
            prop_assert_eq!(st.occurred().map(|x| x.id), m.raised);
            prop_assert_eq!(st.handled().map(|x| x.id), m.handled());
            prop_assert_eq!(st.handled_depth(), m.handled.len());
            prop_assert_eq!(&*links.borrow(), &m.links);
        }
    }
}
