//! Reading Rust sources well enough to know what each file imports: comments and literals
//! set aside, `#[cfg(test)]` modules skipped (tests may import anything), `use` trees
//! expanded, and inline `crate::...` paths collected.

/// One file under `src/`, as the checks see it.
pub struct SourceFile {
    /// Relative to `src/`, with `/`: `products/server/service.rs`.
    pub rel: String,
    /// Its module path: `["products", "server", "service"]` (`lib.rs` is `[]`).
    pub module: Vec<String>,
    /// Lines in the file as written.
    pub lines: usize,
    /// The string literals outside test modules, with their line.
    pub literals: Vec<(usize, String)>,
    /// Every path it uses, made absolute (from the crate root).
    pub uses: Vec<Use>,
    /// Child modules it declares `#[cfg(test)] mod x;`: test code, in files of their own.
    pub test_children: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Use {
    pub path: Vec<String>,
    /// A `pub use`: part of the module's face, not something its code depends on.
    pub reexport: bool,
    /// The name it is known by here (the last segment, or its `as` alias; `*` for a glob).
    pub name: String,
    pub line: usize,
}

impl SourceFile {
    pub fn parse(rel: &str, text: &str) -> Self {
        let module = module_path(rel);
        let (code, literals) = lex(text);
        let code = without_test_modules(&code);
        let literals = literals.into_iter().filter(|(line, _)| line_kept(&code, *line)).collect();
        let children = declared_modules(&code);
        let mut uses = Vec::new();
        for (line, tree, reexport) in use_statements(&code) {
            for (path, name) in expand(&tree) {
                if let Some(path) = absolute(&path, &module, &children) {
                    uses.push(Use { path, reexport, name, line });
                }
            }
        }
        for (line, path) in inline_paths(&code) {
            let name = path.last().cloned().unwrap_or_default();
            uses.push(Use { path: path[1..].to_vec(), reexport: false, name, line });
        }
        let test_children = test_modules(text);
        Self { rel: rel.to_string(), module, lines: text.lines().count(), literals, uses, test_children }
    }

    /// The top-level module it belongs to (`lib` for the crate root).
    pub fn top(&self) -> &str {
        self.module.first().map_or("lib", String::as_str)
    }

    /// Whether it defines an item named `name` (for resolving glob re-exports).
    pub fn defines(&self, name: &str, code: &str) -> bool {
        ["struct", "enum", "fn", "const", "trait", "type", "static", "mod"]
            .iter()
            .any(|kind| code.contains(&format!("pub {kind} {name}")))
    }
}

fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The code with comments and literals blanked out (newlines kept, so lines still count),
/// and the string literals' text with the line each starts on.
pub fn lex(text: &str) -> (String, Vec<(usize, String)>) {
    let chars: Vec<char> = text.chars().collect();
    let (mut code, mut literals, mut line, mut i) = (String::with_capacity(text.len()), Vec::new(), 1, 0);
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                code.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                line += usize::from(chars[i] == '\n');
                code.push(blank(chars[i]));
                i += 1;
            }
            code.push_str("  ");
            i += 2;
        } else if c == '"' || (c == 'r' && raw_string_at(&chars, i) && !prev_is_ident(&chars, i)) {
            let hashes = if c == 'r' { chars[i + 1..].iter().take_while(|&&h| h == '#').count() } else { 0 };
            let start = if c == 'r' { i + 2 + hashes } else { i + 1 };
            let (start_line, mut j, mut text) = (line, start, String::new());
            while let Some(&d) = chars.get(j) {
                if c == '"' && d == '\\' {
                    text.push(d);
                    text.extend(chars.get(j + 1));
                    j += 2;
                    continue;
                }
                if d == '"' && chars[j + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes {
                    j += 1 + hashes;
                    break;
                }
                text.push(d);
                j += 1;
            }
            for &d in &chars[i..j.min(chars.len())] {
                line += usize::from(d == '\n');
                code.push(blank(d));
            }
            literals.push((start_line, text));
            i = j;
        } else if c == '\'' && is_char_literal(&chars, i) {
            // 'x' ends two on; an escape ('\n', '\'', '\u{1f}') at the next quote after it.
            let mut j = if chars[i + 1] == '\\' { i + 3 } else { i + 2 };
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            for _ in i..=j.min(chars.len() - 1) {
                code.push(' ');
            }
            i = j + 1;
        } else {
            line += usize::from(c == '\n');
            code.push(c);
            i += 1;
        }
    }
    (code, literals)
}

/// `r"..."` or `r#"..."#` starts at `i` (not a raw identifier like `r#type`).
fn raw_string_at(chars: &[char], i: usize) -> bool {
    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
    chars.get(i + 1 + hashes) == Some(&'"')
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'x'`, `'\n'`, `'\''`, `'\u{1f}'`, but not a lifetime (`'a`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// Blanks `#[cfg(test)] mod name { ... }`.
fn without_test_modules(code: &str) -> String {
    let mut out: Vec<char> = code.chars().collect();
    let text: String = out.iter().collect();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]").map(|p| p + from) {
        from = at + 1;
        let rest = text[at + "#[cfg(test)]".len()..].trim_start();
        let Some(after_mod) = rest.strip_prefix("mod ") else { continue };
        let Some(open) = after_mod.find('{') else { continue };
        if after_mod[..open].contains(';') {
            continue;
        }
        let start = text.len() - rest.len() + "mod ".len() + open;
        let (mut depth, mut end) = (0, start);
        for (k, ch) in text[start..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = start + k;
                        break;
                    }
                }
                _ => {}
            }
        }
        let (s, e) = (text[..at].chars().count(), text[..=end].chars().count());
        for ch in &mut out[s..e] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    }
    out.into_iter().collect()
}

/// `#[cfg(test)] mod name;` declarations, of any visibility (modules whose code is in a
/// file of its own: tests, and what several tests share).
fn test_modules(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|w| w[0] == "#[cfg(test)]")
        .filter_map(|w| {
            let declared = w[1].strip_prefix("pub(crate) ").unwrap_or(w[1]);
            declared.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).map(str::to_string)
        })
        .collect()
}

fn line_kept(code: &str, line: usize) -> bool {
    code.lines().nth(line - 1).is_some_and(|l| !l.trim().is_empty())
}

fn declared_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in code.lines() {
        let l = line.trim_start();
        let l = l.strip_prefix("pub ").or_else(|| l.strip_prefix("pub(crate) ")).unwrap_or(l);
        if let Some(name) = l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            found.push(name.trim().to_string());
        }
    }
    found
}

/// `(line, tree, is pub)` for every `use ...;`.
fn use_statements(code: &str) -> Vec<(usize, String, bool)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = code[i..].find("use ").map(|p| p + i) {
        i = at + 4;
        let before = code[..at].trim_end();
        let boundary = at == 0 || matches!(bytes[at - 1], b' ' | b'\n' | b'\t' | b';' | b'{' | b'}');
        if !boundary || before.ends_with("::") {
            continue;
        }
        let reexport = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let Some(end) = code[i..].find(';') else { break };
        let line = code[..at].matches('\n').count() + 1;
        found.push((line, code[i..i + end].split_whitespace().collect::<Vec<_>>().join(" "), reexport));
        i += end;
    }
    found
}

/// A use tree's paths, each with the name it binds (`*` for globs).
fn expand(tree: &str) -> Vec<(Vec<String>, String)> {
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, String)>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        let Some(open) = tree.find('{') else {
            let (path, alias) = match tree.split_once(" as ") {
                Some((p, a)) => (p.trim(), Some(a.trim())),
                None => (tree, None),
            };
            let mut full = prefix.to_vec();
            full.extend(path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            if full.last().is_some_and(|s| s == "self") {
                full.pop();
            }
            let name = alias.map(str::to_string).or_else(|| full.last().cloned()).unwrap_or_default();
            out.push((full, name));
            return;
        };
        let mut base = prefix.to_vec();
        base.extend(tree[..open].split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let (mut depth, mut start) = (0, 0);
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    walk(&base, &inner[start..k], out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        walk(&base, &inner[start..], out);
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

/// A path as seen from `module`, made absolute; `None` for other crates' paths.
fn absolute(path: &[String], module: &[String], children: &[String]) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => return Some(path[1..].to_vec()),
        "self" => module.to_vec(),
        "super" => module.to_vec(),
        name if children.iter().any(|c| c == name) => {
            let mut p = module.to_vec();
            p.extend(path.iter().cloned());
            return Some(p);
        }
        _ => return None,
    };
    let mut rest = path;
    while let Some(seg) = rest.first() {
        match seg.as_str() {
            "super" => {
                base.pop();
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// `crate::a::b` paths written inline in code, with their line.
fn inline_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = code[i..].find("crate::").map(|p| p + i) {
        i = at + "crate::".len();
        let prev = code[..at].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let tail: String = code[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let path: Vec<String> = tail.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
        // `crate::{...}` opens a use tree, which `use_statements` reads.
        if path.len() > 1 {
            found.push((code[..at].matches('\n').count() + 1, path));
        }
    }
    found
}
