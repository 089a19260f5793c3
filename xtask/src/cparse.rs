//! Just enough C parsing to read headers: gcc's `-aux-info` function list,
//! and a tokenizer over `gcc -E -dD` output that tracks which file each
//! top-level declaration and macro came from (line markers), finds `extern`
//! object declarations, enumerators, and struct members.
//!
//! Functions are taken from `-aux-info`, which is gcc's own parser printing
//! every function declaration with its source file and line, so macros,
//! attributes and odd declarator shapes are handled by the compiler itself.
//! `-aux-info` omits objects, so data symbols come from the tokenizer: a
//! top-level declaration with the `extern` storage class whose declarator is
//! not a function.

use std::collections::HashMap;

/// One function declaration printed by `gcc -aux-info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuxDecl {
    /// Source file of the declaration.
    pub file: String,
    /// Line in that file.
    pub line: u32,
    /// `F` when this is a definition (a `static inline` in a header).
    pub definition: bool,
    /// Declared `static`.
    pub is_static: bool,
    /// Function name.
    pub name: String,
    /// Normalised prototype without storage class: `PyObject *PyDict_New(void)`.
    pub proto: String,
}

/// Parses `gcc -aux-info` output.
pub fn parse_aux_info(text: &str) -> Vec<AuxDecl> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("/* ") else {
            continue;
        };
        let Some(end) = rest.find(" */ ") else {
            continue;
        };
        let origin = &rest[..end];
        let decl = &rest[end + 4..];
        let mut parts = origin.rsplitn(3, ':');
        let (Some(flags), Some(lineno), Some(file)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(lineno) = lineno.parse::<u32>() else {
            continue;
        };
        let decl = decl.split(';').next().unwrap_or("").trim();
        let Some((name, open)) = declarator_name(decl) else {
            continue;
        };
        let mut words = decl;
        let mut is_static = false;
        loop {
            if let Some(r) = words.strip_prefix("extern ") {
                words = r;
            } else if let Some(r) = words.strip_prefix("static ") {
                words = r;
                is_static = true;
            } else if let Some(r) = words.strip_prefix("inline ") {
                words = r;
            } else {
                break;
            }
        }
        let shift = decl.len() - words.len();
        let name_at = open - shift;
        let head = words[..name_at].trim_end();
        let head = &head[..head.len() - name.len()];
        let proto = format!("{}{}{}", head, name, words[name_at..].trim_start());
        out.push(AuxDecl {
            file: file.to_string(),
            line: lineno,
            definition: flags.ends_with('F'),
            is_static,
            name,
            proto: c_type_words(&normalize_space(&proto)),
        });
    }
    out
}

/// Finds the declared function name in a declaration: the identifier before
/// the first `(` that does not open a `(*` declarator. Returns the name and
/// the byte index of that `(`.
fn declarator_name(decl: &str) -> Option<(String, usize)> {
    let b = decl.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c != b'(' {
            continue;
        }
        let after = decl[i + 1..].trim_start();
        if after.starts_with('*') {
            continue;
        }
        let before = decl[..i].trim_end();
        let start = before
            .rfind(|ch: char| !(ch == '_' || ch.is_ascii_alphanumeric()))
            .map(|k| k + 1)
            .unwrap_or(0);
        let name = &before[start..];
        if !name.is_empty() && !name.as_bytes()[0].is_ascii_digit() {
            return Some((name.to_string(), i));
        }
    }
    None
}

/// Rewrites gcc's spellings of types (`long unsigned int`, the decayed
/// `__va_list_tag *`) as people write them (`unsigned long`, `va_list`).
pub fn c_type_words(s: &str) -> String {
    const REWRITES: &[(&str, &str)] = &[
        ("long long unsigned int", "unsigned long long"),
        ("long long int", "long long"),
        ("long unsigned int", "unsigned long"),
        ("long int", "long"),
        ("short unsigned int", "unsigned short"),
        ("short int", "short"),
        ("__va_list_tag *", "va_list"),
    ];
    let mut out = s.to_string();
    for (from, to) in REWRITES {
        let mut res = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(from) {
            let before_ok = i == 0 || !is_ident_char(rest[..i].chars().last().unwrap_or(' '));
            let after = &rest[i + from.len()..];
            let after_ok = from.ends_with('*') || !after.chars().next().is_some_and(is_ident_char);
            res.push_str(&rest[..i]);
            res.push_str(if before_ok && after_ok { to } else { from });
            rest = after;
        }
        res.push_str(rest);
        out = res;
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Collapses runs of spaces and removes a space between `)` and `(`
/// (`(*f(int)) (void)` becomes `(*f(int))(void)`).
pub fn normalize_space(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && chars.get(i + 1) == Some(&'(') {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            if prev == ')' {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A token of preprocessed C.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// Identifier or keyword.
    Ident(String),
    /// Number, string or character literal (kept verbatim).
    Lit(String),
    /// One punctuation character (`...` is three `.`).
    Punct(char),
}

impl Tok {
    fn is(&self, c: char) -> bool {
        matches!(self, Tok::Punct(p) if *p == c)
    }
    fn ident(&self) -> Option<&str> {
        match self {
            Tok::Ident(s) => Some(s),
            _ => None,
        }
    }
    fn text(&self) -> String {
        match self {
            Tok::Ident(s) | Tok::Lit(s) => s.clone(),
            Tok::Punct(c) => c.to_string(),
        }
    }
}

/// A `#define` seen in `-dD` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Macro {
    /// Macro name.
    pub name: String,
    /// Function-like (`#define F(x) ...`).
    pub function_like: bool,
    /// Replacement text.
    pub body: String,
    /// File that defined it.
    pub file: String,
}

/// A top-level declaration (up to `;`, or a function definition's body).
#[derive(Debug, Clone)]
pub struct Decl {
    /// File the declaration started in.
    pub file: String,
    /// Its tokens (for definitions: up to and including the body).
    pub toks: Vec<Tok>,
}

/// Preprocessed C: top-level declarations and the macros defined.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// Declarations in order.
    pub decls: Vec<Decl>,
    /// Macros still defined at the end, by name.
    pub macros: HashMap<String, Macro>,
    /// Macro names in the order of their first definition.
    pub macro_order: Vec<String>,
}

/// Splits `gcc -E [-dD]` output into declarations and macros.
pub fn parse_preprocessed(text: &str) -> Unit {
    let mut unit = Unit::default();
    let mut file = String::new();
    let mut toks: Vec<(Tok, usize)> = Vec::new(); // token, file id
    let mut files: Vec<String> = Vec::new();
    fn intern(f: &str, files: &mut Vec<String>) -> usize {
        match files.iter().position(|x| x == f) {
            Some(i) => i,
            None => {
                files.push(f.to_string());
                files.len() - 1
            }
        }
    }
    let mut file_id = intern("", &mut files);
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(d) = t.strip_prefix('#') {
            let d = d.trim_start();
            if let Some(rest) = d.strip_prefix("define ") {
                let rest = rest.trim_start();
                let name_end = rest
                    .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                    .unwrap_or(rest.len());
                let name = rest[..name_end].to_string();
                let function_like = rest[name_end..].starts_with('(');
                let body = if function_like {
                    rest[name_end..]
                        .find(')')
                        .map(|k| rest[name_end + k + 1..].trim())
                        .unwrap_or("")
                } else {
                    rest[name_end..].trim()
                };
                if !unit.macros.contains_key(&name) {
                    unit.macro_order.push(name.clone());
                }
                unit.macros.insert(
                    name.clone(),
                    Macro {
                        name,
                        function_like,
                        body: body.to_string(),
                        file: file.clone(),
                    },
                );
            } else if let Some(rest) = d.strip_prefix("undef ") {
                unit.macros.remove(rest.trim());
            } else if d.starts_with(|c: char| c.is_ascii_digit()) || d.starts_with("line ") {
                // # 12 "file" flags
                if let (Some(a), Some(b)) = (d.find('"'), d.rfind('"')) {
                    if b > a {
                        file = d[a + 1..b].to_string();
                        file_id = intern(&file, &mut files);
                    }
                }
            }
            continue;
        }
        for tok in tokenize(line) {
            toks.push((tok, file_id));
        }
    }
    // Split into top-level declarations.
    let mut i = 0;
    while i < toks.len() {
        let start_file = toks[i].1;
        let mut cur: Vec<Tok> = Vec::new();
        let mut depth = 0i32;
        while i < toks.len() {
            let (t, _) = &toks[i];
            i += 1;
            if depth == 0 && t.is('{') && looks_like_function_head(&cur) {
                // Function definition: skip the body.
                cur.push(t.clone());
                let mut d = 1;
                while i < toks.len() && d > 0 {
                    let (b, _) = &toks[i];
                    if b.is('{') {
                        d += 1;
                    } else if b.is('}') {
                        d -= 1;
                    }
                    cur.push(b.clone());
                    i += 1;
                }
                break;
            }
            match t {
                Tok::Punct('(' | '[' | '{') => depth += 1,
                Tok::Punct(')' | ']' | '}') => depth -= 1,
                _ => {}
            }
            if depth == 0 && t.is(';') {
                break;
            }
            cur.push(t.clone());
        }
        if !cur.is_empty() {
            unit.decls.push(Decl {
                file: files[start_file].clone(),
                toks: cur,
            });
        }
    }
    unit
}

fn looks_like_function_head(toks: &[Tok]) -> bool {
    let stripped = strip_attributes(toks);
    if stripped
        .iter()
        .any(|t| matches!(t.ident(), Some("struct" | "union" | "enum" | "typedef")))
    {
        // `struct X {` / `typedef struct {` open a body, not a function.
        let first_paren = stripped.iter().position(|t| t.is('('));
        let first_tag = stripped
            .iter()
            .position(|t| matches!(t.ident(), Some("struct" | "union" | "enum" | "typedef")));
        if let (Some(p), Some(s)) = (first_paren, first_tag) {
            if s < p && stripped.last().is_some_and(|t| !t.is(')')) {
                return false;
            }
        }
        if first_paren.is_none() {
            return false;
        }
    }
    stripped.last().is_some_and(|t| t.is(')')) && !stripped.iter().any(|t| t.is('='))
}

/// Tokenizes one line of preprocessed C.
pub fn tokenize(line: &str) -> Vec<Tok> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'_' || c.is_ascii_alphabetic() {
            let s = i;
            while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            // String literal prefixes (u8"...", L'x').
            if i < b.len()
                && (b[i] == b'"' || b[i] == b'\'')
                && matches!(&line[s..i], "L" | "u" | "U" | "u8")
            {
                let e = skip_quoted(b, i);
                out.push(Tok::Lit(line[s..e].to_string()));
                i = e;
            } else {
                out.push(Tok::Ident(line[s..i].to_string()));
            }
        } else if c.is_ascii_digit() || (c == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit())
        {
            let s = i;
            while i < b.len() && (b[i] == b'_' || b[i] == b'.' || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            out.push(Tok::Lit(line[s..i].to_string()));
        } else if c == b'"' || c == b'\'' {
            let e = skip_quoted(b, i);
            out.push(Tok::Lit(line[i..e].to_string()));
            i = e;
        } else {
            out.push(Tok::Punct(c as char));
            i += 1;
        }
    }
    out
}

fn skip_quoted(b: &[u8], start: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// Removes `__attribute__((...))`, `__asm__(...)`, `__declspec(...)` and
/// `__extension__` from a token list.
pub fn strip_attributes(toks: &[Tok]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match toks[i].ident() {
            Some("__attribute__" | "__attribute" | "__asm__" | "__asm" | "asm" | "__declspec") => {
                i += 1;
                if i < toks.len() && toks[i].is('(') {
                    let mut d = 0;
                    while i < toks.len() {
                        if toks[i].is('(') {
                            d += 1;
                        } else if toks[i].is(')') {
                            d -= 1;
                            if d == 0 {
                                i += 1;
                                break;
                            }
                        }
                        i += 1;
                    }
                }
            }
            Some("__extension__") => i += 1,
            _ => {
                out.push(toks[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// An `extern` object declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDecl {
    /// Object name.
    pub name: String,
    /// Its type as C text (`PyTypeObject`, `PyObject *`).
    pub ctype: String,
    /// File that declares it.
    pub file: String,
}

/// Every top-level `extern` object (not function) declaration.
pub fn extern_data(unit: &Unit) -> Vec<DataDecl> {
    let mut out = Vec::new();
    for d in &unit.decls {
        let toks = strip_attributes(&d.toks);
        if !toks.iter().any(|t| t.ident() == Some("extern")) {
            continue;
        }
        if toks.iter().any(|t| t.is('{') || t.is('=')) {
            continue;
        }
        let parts = split_top_level(&toks, ',');
        let first = &parts[0];
        // `extern T *a, b;`: later declarators reuse the first one's base type.
        let base: Vec<Tok> = match first.iter().position(|t| t.is('*') || t.is('(')) {
            Some(k) => first[..k].to_vec(),
            None => first[..first.len().saturating_sub(1)].to_vec(),
        };
        for (k, part) in parts.iter().enumerate() {
            let declarator: Vec<Tok> = if k == 0 {
                part.clone()
            } else {
                base.iter().chain(part.iter()).cloned().collect()
            };
            if let Some(dd) = object_declarator(&declarator, &d.file) {
                out.push(dd);
            }
        }
    }
    out
}

fn split_top_level(toks: &[Tok], sep: char) -> Vec<Vec<Tok>> {
    let mut parts = vec![Vec::new()];
    let mut depth = 0;
    for t in toks {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth -= 1,
            _ => {}
        }
        if depth == 0 && t.is(sep) {
            parts.push(Vec::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(t.clone());
        }
    }
    parts
}

fn object_declarator(toks: &[Tok], file: &str) -> Option<DataDecl> {
    let toks: Vec<Tok> = toks
        .iter()
        .filter(|t| t.ident() != Some("extern"))
        .cloned()
        .collect();
    // A function declaration has `name (` with the paren not opening `(*`.
    for (i, t) in toks.iter().enumerate() {
        if t.is('(') {
            let ptr = toks.get(i + 1).is_some_and(|n| n.is('*'));
            if !ptr && i > 0 && toks[i - 1].ident().is_some() {
                return None;
            }
            if ptr {
                // Function pointer object: `T (*name)(...)`.
                let name = toks[i + 1..].iter().find_map(|t| t.ident())?.to_string();
                let ctype: Vec<Tok> = toks
                    .iter()
                    .filter(|t| t.ident() != Some(&name))
                    .cloned()
                    .collect();
                return Some(DataDecl {
                    name,
                    ctype: render_type(&ctype),
                    file: file.to_string(),
                });
            }
        }
    }
    // Plain object: the last identifier before any `[`.
    let end = toks.iter().position(|t| t.is('[')).unwrap_or(toks.len());
    let (idx, name) = toks[..end]
        .iter()
        .enumerate()
        .rev()
        .find_map(|(k, t)| t.ident().map(|n| (k, n.to_string())))?;
    if is_keyword(&name) {
        return None;
    }
    let mut ctype: Vec<Tok> = toks[..idx].to_vec();
    ctype.extend_from_slice(&toks[idx + 1..]);
    if ctype.is_empty() {
        return None;
    }
    Some(DataDecl {
        name,
        ctype: render_type(&ctype),
        file: file.to_string(),
    })
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "int"
            | "char"
            | "short"
            | "long"
            | "unsigned"
            | "signed"
            | "void"
            | "float"
            | "double"
            | "const"
            | "volatile"
            | "struct"
            | "union"
            | "enum"
            | "_Bool"
    )
}

/// Renders type tokens as C text: `PyObject *`, `const char *const`.
pub fn render_type(toks: &[Tok]) -> String {
    let mut out = String::new();
    for t in toks {
        let s = t.text();
        match t {
            Tok::Punct('*') => {
                if !out.ends_with('*') && !out.ends_with('(') && !out.is_empty() {
                    out.push(' ');
                }
                out.push('*');
            }
            Tok::Punct(c @ ('(' | ')' | '[' | ']' | ',')) => {
                if *c == '('
                    && !out.is_empty()
                    && !out.ends_with(' ')
                    && !out.ends_with('(')
                    && !out.ends_with(')')
                {
                    out.push(' ');
                }
                out.push(*c);
                if *c == ',' {
                    out.push(' ');
                }
            }
            _ => {
                if !out.is_empty()
                    && !out.ends_with(' ')
                    && !out.ends_with('(')
                    && !out.ends_with('[')
                {
                    out.push(' ');
                }
                out.push_str(&s);
            }
        }
    }
    out.trim().to_string()
}

/// The file of the declaration that defines enumerator `name`, if any.
pub fn find_enumerator<'a>(unit: &'a Unit, name: &str) -> Option<&'a str> {
    for d in &unit.decls {
        let mut in_enum_body = false;
        let mut depth = 0;
        let mut prev_enum = false;
        for (k, t) in d.toks.iter().enumerate() {
            if t.ident() == Some("enum") {
                prev_enum = true;
                continue;
            }
            if t.is('{') {
                depth += 1;
                if prev_enum {
                    in_enum_body = true;
                }
                continue;
            }
            if t.is('}') {
                depth -= 1;
                if depth == 0 {
                    in_enum_body = false;
                    prev_enum = false;
                }
                continue;
            }
            if in_enum_body && t.ident() == Some(name) {
                let prev_ok = k > 0 && (d.toks[k - 1].is('{') || d.toks[k - 1].is(','));
                if prev_ok {
                    return Some(&d.file);
                }
            }
        }
    }
    None
}

/// A struct member name with no offset yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructInfo {
    /// File that defines the struct body.
    pub file: String,
    /// Member names in order; members of anonymous unions/structs inline.
    pub fields: Vec<String>,
}

/// Finds the body of the struct that typedef `name` (or `struct name`) names
/// and lists its members.
pub fn struct_fields(unit: &Unit, name: &str) -> Option<StructInfo> {
    // The tag behind the typedef, or the body directly.
    let mut tag: Option<String> = None;
    for d in &unit.decls {
        let toks = strip_attributes(&d.toks);
        if toks.first().and_then(Tok::ident) != Some("typedef")
            || toks.last().and_then(Tok::ident) != Some(name)
        {
            continue;
        }
        if !matches!(toks.get(1).and_then(Tok::ident), Some("struct" | "union")) {
            continue;
        }
        if let Some(open) = toks.iter().position(|t| t.is('{')) {
            return Some(StructInfo {
                file: d.file.clone(),
                fields: members(&toks[open + 1..toks.len() - 2]),
            });
        }
        tag = toks.get(2).and_then(Tok::ident).map(str::to_string);
    }
    let tag = tag.unwrap_or_else(|| name.to_string());
    for d in &unit.decls {
        let toks = strip_attributes(&d.toks);
        let start = if toks.first().and_then(Tok::ident) == Some("typedef") {
            1
        } else {
            0
        };
        if !matches!(
            toks.get(start).and_then(Tok::ident),
            Some("struct" | "union")
        ) || toks.get(start + 1).and_then(Tok::ident) != Some(tag.as_str())
            || !toks.get(start + 2).is_some_and(|t| t.is('{'))
        {
            continue;
        }
        let close = matching(&toks, start + 2)?;
        return Some(StructInfo {
            file: d.file.clone(),
            fields: members(&toks[start + 3..close]),
        });
    }
    None
}

fn matching(toks: &[Tok], open: usize) -> Option<usize> {
    let mut d = 0;
    for (k, t) in toks.iter().enumerate().skip(open) {
        if t.is('{') {
            d += 1;
        } else if t.is('}') {
            d -= 1;
            if d == 0 {
                return Some(k);
            }
        }
    }
    None
}

fn members(body: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    for m in split_top_level(body, ';') {
        if m.is_empty() {
            continue;
        }
        // Anonymous union/struct member: `union { ... };`
        if matches!(m.first().and_then(Tok::ident), Some("union" | "struct")) {
            let open = m.iter().position(|t| t.is('{'));
            if let Some(open) = open {
                if let Some(close) = matching(&m, open) {
                    let rest = &m[close + 1..];
                    if rest.iter().all(|t| t.ident().is_none()) {
                        out.extend(members(&m[open + 1..close]));
                        continue;
                    }
                    // Named nested struct member: name after the body.
                    for part in split_top_level(rest, ',') {
                        if let Some(n) = member_name(&part) {
                            out.push(n);
                        }
                    }
                    continue;
                }
            }
        }
        let parts = split_top_level(&m, ',');
        for (k, part) in parts.iter().enumerate() {
            let n = if k == 0 {
                member_name(part)
            } else {
                member_name_tail(part)
            };
            if let Some(n) = n {
                out.push(n);
            }
        }
    }
    out
}

fn member_name(toks: &[Tok]) -> Option<String> {
    // `T (*name)(...)`
    for (i, t) in toks.iter().enumerate() {
        if t.is('(') && toks.get(i + 1).is_some_and(|n| n.is('*')) {
            return toks[i + 1..]
                .iter()
                .find_map(|t| t.ident())
                .map(str::to_string);
        }
    }
    let end = toks
        .iter()
        .position(|t| t.is('[') || t.is(':'))
        .unwrap_or(toks.len());
    toks[..end]
        .iter()
        .rev()
        .find_map(|t| t.ident())
        .map(str::to_string)
}

fn member_name_tail(toks: &[Tok]) -> Option<String> {
    member_name(toks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aux_info_lines() {
        let text = "/* compiled from: . */\n\
/* /inc/object.h:625:NF */ static void Py_INCREF (PyObject *op); /* (op) PyObject *op; */\n\
/* /inc/dictobject.h:21:NC */ extern PyObject *PyDict_New (void);\n\
/* /inc/pylifecycle.h:62:NC */ extern PyOS_sighandler_t PyOS_getsig (int);\n\
/* /inc/x.h:1:NC */ extern int (*fp_returner (int)) (void);\n";
        let d = parse_aux_info(text);
        assert_eq!(d.len(), 4);
        assert!(d[0].definition && d[0].is_static);
        assert_eq!(d[0].name, "Py_INCREF");
        assert_eq!(d[1].proto, "PyObject *PyDict_New(void)");
        assert_eq!(d[1].file, "/inc/dictobject.h");
        assert_eq!(d[1].line, 21);
        assert!(!d[1].definition && !d[1].is_static);
        assert_eq!(d[2].proto, "PyOS_sighandler_t PyOS_getsig(int)");
        assert_eq!(d[3].name, "fp_returner");
    }

    const PRE: &str = r#"# 1 "t.c"
# 1 "/inc/Python.h" 1
#define Py_LT 0
#define Py_MAX(a,b) ((a)>(b)?(a):(b))
# 5 "/inc/object.h" 1
typedef struct _object PyObject;
struct _object {
    union {
       long ob_refcnt;
       unsigned int ob_refcnt_split[2];
    };
    struct _typeobject *ob_type;
};
typedef struct { PyObject ob_base; long ob_size; } PyVarObject;
extern __attribute__((visibility("default"))) PyObject _Py_NoneStruct;
extern __attribute__((visibility("default"))) PyObject * PyExc_TypeError, *PyExc_KeyError;
extern __attribute__((visibility("default"))) PyObject * PyDict_New(void);
extern int (*PyOS_InputHook)(void);
static inline __attribute__((always_inline)) void Py_INCREF(PyObject *op) { if (op) { op->ob_refcnt++; } }
typedef enum {PyGILState_LOCKED, PyGILState_UNLOCKED} PyGILState_STATE;
typedef struct PyMethodDef PyMethodDef;
struct PyMethodDef { const char *ml_name; PyObject *(*ml_meth)(PyObject *, PyObject *); int ml_flags, ml_x; unsigned bits : 3; char buf[4]; };
#undef Py_MAX
# 9 "/inc/Python.h" 2
"#;

    #[test]
    fn preprocessed_units() {
        let u = parse_preprocessed(PRE);
        assert_eq!(u.macros["Py_LT"].body, "0");
        assert_eq!(u.macros["Py_LT"].file, "/inc/Python.h");
        assert!(!u.macros.contains_key("Py_MAX"));
        let data = extern_data(&u);
        let names: Vec<_> = data
            .iter()
            .map(|d| (d.name.as_str(), d.ctype.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("_Py_NoneStruct", "PyObject"),
                ("PyExc_TypeError", "PyObject *"),
                ("PyExc_KeyError", "PyObject *"),
                ("PyOS_InputHook", "int (*)(void)"),
            ]
        );
        assert!(data.iter().all(|d| d.file == "/inc/object.h"));
        assert_eq!(
            find_enumerator(&u, "PyGILState_UNLOCKED"),
            Some("/inc/object.h")
        );
        assert_eq!(find_enumerator(&u, "PyGILState_STATE"), None);
        let s = struct_fields(&u, "PyObject").unwrap();
        assert_eq!(s.fields, vec!["ob_refcnt", "ob_refcnt_split", "ob_type"]);
        assert_eq!(
            struct_fields(&u, "PyVarObject").unwrap().fields,
            vec!["ob_base", "ob_size"]
        );
        assert_eq!(
            struct_fields(&u, "PyMethodDef").unwrap().fields,
            vec!["ml_name", "ml_meth", "ml_flags", "ml_x", "bits", "buf"]
        );
    }

    #[test]
    fn gcc_type_spellings_are_rewritten() {
        assert_eq!(
            c_type_words("long unsigned int f(long long int, __va_list_tag *, long int *)"),
            "unsigned long f(long long, va_list, long *)"
        );
        assert_eq!(c_type_words("my_long int_t"), "my_long int_t");
    }

    #[test]
    fn space_normalisation() {
        assert_eq!(
            normalize_space("PyObject  *f(int,  char *)"),
            "PyObject *f(int, char *)"
        );
        assert_eq!(
            normalize_space("int (*f(int)) (void)"),
            "int (*f(int))(void)"
        );
    }
}
