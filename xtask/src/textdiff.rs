//! Comparing program outputs line by line: the first differing line for a
//! one-line verdict, and a short unified-style diff for the details.

/// Where two texts first differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// 1-based line number.
    pub line: usize,
    /// The expected line there (`None`: expected output ended).
    pub expected: Option<String>,
    /// The actual line there (`None`: actual output ended).
    pub got: Option<String>,
}

impl Mismatch {
    /// `first differing line N: expected "...", got "..."`.
    pub fn summary(&self) -> String {
        let show = |s: &Option<String>| match s {
            Some(l) => format!("{:?}", truncate(l, 80)),
            None => "end of output".to_string(),
        };
        format!(
            "first differing line {}: expected {}, got {}",
            self.line,
            show(&self.expected),
            show(&self.got)
        )
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push_str("...");
        t
    }
}

/// The first difference between `expected` and `got`, or `None` if equal.
pub fn first_difference(expected: &str, got: &str) -> Option<Mismatch> {
    if expected == got {
        return None;
    }
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i), g.get(i));
        if a != b {
            return Some(Mismatch {
                line: i + 1,
                expected: a.map(|s| s.to_string()),
                got: b.map(|s| s.to_string()),
            });
        }
    }
    // Same lines: only the final newline differs.
    let n = e.len().max(1);
    Some(Mismatch {
        line: n,
        expected: Some(format!(
            "{}{}",
            e.last().unwrap_or(&""),
            if expected.ends_with('\n') { "\\n" } else { "" }
        )),
        got: Some(format!(
            "{}{}",
            g.last().unwrap_or(&""),
            if got.ends_with('\n') { "\\n" } else { "" }
        )),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Del(usize),
    Add(usize),
}

fn diff_ops(e: &[&str], g: &[&str]) -> Vec<Op> {
    // Longest common subsequence by dynamic programming; outputs here are a
    // few hundred lines. Past a size bound, fall back to a positional diff.
    let (n, m) = (e.len(), g.len());
    if n.saturating_mul(m) > 4_000_000 {
        let mut ops = Vec::new();
        for i in 0..n.max(m) {
            match (e.get(i), g.get(i)) {
                (Some(a), Some(b)) if a == b => ops.push(Op::Same(i, i)),
                (a, b) => {
                    if a.is_some() {
                        ops.push(Op::Del(i));
                    }
                    if b.is_some() {
                        ops.push(Op::Add(i));
                    }
                }
            }
        }
        return ops;
    }
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let idx = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[idx(i, j)] = if e[i] == g[j] {
                lcs[idx(i + 1, j + 1)] + 1
            } else {
                lcs[idx(i + 1, j)].max(lcs[idx(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < n || j < m {
        if i < n && j < m && e[i] == g[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[idx(i + 1, j)] >= lcs[idx(i, j + 1)]) {
            ops.push(Op::Del(i));
            i += 1;
        } else {
            ops.push(Op::Add(j));
            j += 1;
        }
    }
    ops
}

/// A unified-style diff (`-expected`, `+got`, one line of context) showing at
/// most `max_changes` changed lines.
pub fn unified(expected: &str, got: &str, max_changes: usize) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let ops = diff_ops(&e, &g);
    let changed: Vec<bool> = ops.iter().map(|o| !matches!(o, Op::Same(..))).collect();
    let near = |k: usize| {
        let lo = k.saturating_sub(1);
        let hi = (k + 1).min(ops.len() - 1);
        (lo..=hi).any(|x| changed[x])
    };
    let mut out = String::new();
    let mut shown = 0;
    let mut last_printed: Option<usize> = None;
    for (k, op) in ops.iter().enumerate() {
        if !near(k) {
            continue;
        }
        if shown >= max_changes {
            let rest = changed[k..].iter().filter(|c| **c).count();
            if rest > 0 {
                out.push_str(&format!("  ... ({rest} more changed lines)\n"));
            }
            break;
        }
        if last_printed.is_none_or(|l| l + 1 != k) {
            let line = match *op {
                Op::Same(i, _) | Op::Del(i) => i + 1,
                Op::Add(j) => j + 1,
            };
            out.push_str(&format!("  @@ line {line} @@\n"));
        }
        last_printed = Some(k);
        match *op {
            Op::Same(i, _) => out.push_str(&format!("   {}\n", e[i])),
            Op::Del(i) => {
                shown += 1;
                out.push_str(&format!("  -{}\n", e[i]));
            }
            Op::Add(j) => {
                shown += 1;
                out.push_str(&format!("  +{}\n", g[j]));
            }
        }
    }
    if out.is_empty() && expected != got {
        out.push_str("  (only the final newline differs)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_difference() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
    }

    #[test]
    fn first_difference_reports_line_and_contents() {
        let m = first_difference("a\nb\nc\n", "a\nX\nc\n").unwrap();
        assert_eq!(m.line, 2);
        assert_eq!(
            m.summary(),
            "first differing line 2: expected \"b\", got \"X\""
        );
        let m = first_difference("a\nb\n", "a\n").unwrap();
        assert_eq!(m.got, None);
        assert!(m.summary().ends_with("got end of output"));
        assert_eq!(first_difference("a\n", "a").unwrap().line, 1);
    }

    #[test]
    fn unified_shows_changes_with_context() {
        let d = unified("a\nb\nc\nd\n", "a\nc\nd\ne\n", 20);
        assert!(d.contains("  -b\n"), "{d}");
        assert!(d.contains("  +e\n"), "{d}");
        assert!(d.contains("   a\n"), "{d}");
        let d = unified("x\nb\ny\n", "x\nc\ny\n", 20);
        assert!(d.find("-b").unwrap() < d.find("+c").unwrap(), "{d}");
        let many_e: String = (0..100).map(|i| format!("{i}\n")).collect();
        let d = unified(&many_e, "", 5);
        assert!(d.contains("more changed lines"), "{d}");
    }
}
