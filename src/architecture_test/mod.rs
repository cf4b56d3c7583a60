//! The architecture, checked: domains depend one way, product code never reaches the
//! sandboxes or demo mode, no two files import each other (directly or round a circle), no
//! SurrealQL outside repository files, and no file over 400 lines. It reads every file
//! under `src/` and fails with the lines that break a rule.

mod source;

use std::collections::{BTreeMap, BTreeSet};

use source::SourceFile;

/// What each top-level module may import, lowest first (docs/ARCHITECTURE.md has the
/// picture). `PLATFORM` modules import only each other (and never round a circle).
const PLATFORM: &[&str] = &[
    "error",
    "money",
    "validation",
    "ui",
    "site",
    "db",
    "config",
    "integrations",
    "jobs",
    "locks",
    "telemetry",
    "assets",
    "security",
];
const DOMAINS: &[&str] = &["auth", "notifications", "products", "listings", "orders", "earnings", "payouts"];
/// The layers above the domains, each with the domains and layers it may use beyond those.
const ABOVE: &[(&str, &[&str])] = &[
    // Pages that show several domains at once, and the signed-in frame.
    ("pages", &[]),
    // The JSON API over the domains' services.
    ("rest", &[]),
];
/// Stand-ins for outside services: platform only.
const SANDBOX: &str = "sandbox";
/// Demo mode: may use everything but the composition roots.
const DEMO: &str = "demo";
/// The composition roots: they wire everything together.
const ROOTS: &[&str] = &["lib", "app", "startup", "state", "cli", "architecture_test"];

/// The modules `top` may import.
fn allowed(top: &str) -> Option<BTreeSet<&'static str>> {
    let platform: BTreeSet<&'static str> = PLATFORM.iter().copied().collect();
    if PLATFORM.contains(&top) {
        return Some(platform);
    }
    if let Some(rank) = DOMAINS.iter().position(|d| *d == top) {
        return Some(platform.into_iter().chain(DOMAINS[..rank].iter().copied()).collect());
    }
    if let Some((_, extra)) = ABOVE.iter().find(|(name, _)| *name == top) {
        return Some(platform.into_iter().chain(DOMAINS.iter().copied()).chain(extra.iter().copied()).collect());
    }
    match top {
        SANDBOX => Some(platform),
        DEMO => Some(
            platform
                .into_iter()
                .chain(DOMAINS.iter().copied())
                .chain(ABOVE.iter().map(|(n, _)| *n))
                .chain([SANDBOX])
                .collect(),
        ),
        _ => None,
    }
}

/// Files whose job is SurrealQL: repositories, and the database layer itself.
fn may_hold_sql(rel: &str) -> bool {
    rel.ends_with("repo.rs") || rel.starts_with("db/")
}

const MAX_LINES: usize = 400;

/// What a file with an `#[island]` must not use. An island hydrates on its own in the
/// browser, with nothing but its props: a context, a router hook, a resource or the page's
/// head would be there on the server and missing in the browser (a hydration mismatch), and
/// the product rules would ship to the browser. Server wrappers live in other files.
const NOT_IN_ISLANDS: &[&str] = &[
    "use_context",
    "expect_context",
    "with_context",
    "use_user",
    "use_public_config",
    "use_query_map",
    "use_params_map",
    "use_location",
    "use_navigate",
    "ServerAction",
    "Resource::",
    "Suspense",
    "Transition",
    "<Title",
    "ProductForm",
];

/// SurrealQL's statement keywords, as the start of a statement in a string literal.
fn looks_like_sql(text: &str) -> Option<&'static str> {
    const KEYWORDS: &[&str] = &[
        "SELECT ", "UPSERT ", "UPDATE ", "DELETE ", "CREATE ", "DEFINE ", "RELATE ", "INSERT ", "BEGIN;", "COMMIT;",
        "LET $", "REMOVE ",
    ];
    KEYWORDS.iter().copied().find(|k| text.contains(k))
}

pub struct Tree {
    files: Vec<SourceFile>,
    /// Each file's code, for finding definitions behind glob re-exports.
    code: BTreeMap<String, String>,
    /// Module path -> file index.
    modules: BTreeMap<Vec<String>, usize>,
}

impl Tree {
    pub fn new(sources: &[(String, String)]) -> Self {
        let files: Vec<SourceFile> = sources.iter().map(|(rel, text)| SourceFile::parse(rel, text)).collect();
        let code = sources.iter().map(|(rel, text)| (rel.clone(), source::lex(text).0)).collect();
        let modules = files.iter().enumerate().map(|(i, f)| (f.module.clone(), i)).collect();
        Self { files, code, modules }
    }

    fn read(root: &std::path::Path) -> Self {
        let mut sources = Vec::new();
        let mut dirs = vec![root.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src/") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                    if rel != "main.rs" {
                        sources.push((rel, std::fs::read_to_string(&path).expect("read a source file")));
                    }
                }
            }
        }
        sources.sort();
        Self::new(&sources)
    }

    /// The file that defines what `path` names, following re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        let (file, rest) =
            (0..=path.len()).rev().find_map(|n| self.modules.get(&path[..n]).map(|&f| (f, &path[n..])))?;
        let Some(name) = rest.first() else { return Some(file) };
        if depth > 8 {
            return Some(file);
        }
        let f = &self.files[file];
        for u in f.uses.iter().filter(|u| u.reexport) {
            if &u.name == name {
                let mut target = u.path.clone();
                target.extend(rest[1..].iter().cloned());
                return self.resolve(&target, depth + 1).or(Some(file));
            }
        }
        for u in f.uses.iter().filter(|u| u.reexport && u.name == "*") {
            let glob = &u.path[..u.path.len() - 1];
            if let Some(&g) = self.modules.get(glob)
                && self.files[g].defines(name, &self.code[&self.files[g].rel])
            {
                return Some(g);
            }
        }
        Some(file)
    }

    /// (from, to, line) for every import one file's code makes of another file.
    fn edges(&self) -> Vec<(usize, usize, usize)> {
        let mut edges = Vec::new();
        for (i, f) in self.files.iter().enumerate() {
            for u in f.uses.iter().filter(|u| !u.reexport) {
                let path = if u.name == "*" { &u.path[..u.path.len().saturating_sub(1)] } else { &u.path[..] };
                if let Some(j) = self.resolve(path, 0)
                    && j != i
                {
                    edges.push((i, j, u.line));
                }
            }
        }
        edges.sort();
        edges.dedup_by_key(|e| (e.0, e.1));
        edges
    }

    /// Files of test code (declared `#[cfg(test)] mod x;`, and everything below them).
    fn test_files(&self) -> BTreeSet<usize> {
        let roots: Vec<Vec<String>> = self
            .files
            .iter()
            .flat_map(|f| f.test_children.iter().map(|c| f.module.iter().cloned().chain([c.clone()]).collect()))
            .collect();
        (0..self.files.len()).filter(|&i| roots.iter().any(|r| self.files[i].module.starts_with(r))).collect()
    }

    /// Every rule broken, in words.
    pub fn violations(&self) -> Vec<String> {
        let mut found = Vec::new();
        let tests = self.test_files();
        let edges: Vec<(usize, usize, usize)> =
            self.edges().into_iter().filter(|(from, _, _)| !tests.contains(from)).collect();
        for (i, f) in self.files.iter().enumerate() {
            if f.lines > MAX_LINES {
                found.push(format!("src/{}: {} lines (at most {MAX_LINES})", f.rel, f.lines));
            }
            if tests.contains(&i) {
                continue;
            }
            let top = f.top();
            if allowed(top).is_none() && !ROOTS.contains(&top) {
                found.push(format!("src/{}: module `{top}` has no place in the layers (architecture_test)", f.rel));
            }
            let code = &self.code[&f.rel];
            if code.contains("#[island]") {
                for name in NOT_IN_ISLANDS.iter().filter(|n| code.contains(*n)) {
                    found
                        .push(format!("src/{}: an island's file uses `{name}` (islands read only their props)", f.rel));
                }
            }
            if !may_hold_sql(&f.rel) {
                for (line, text) in &f.literals {
                    if let Some(keyword) = looks_like_sql(text) {
                        found.push(format!("src/{}:{line}: SurrealQL ({}) outside a repo file", f.rel, keyword.trim()));
                    }
                }
            }
        }
        for &(from, to, line) in &edges {
            let (a, b) = (&self.files[from], &self.files[to]);
            let (ta, tb) = (a.top(), b.top());
            if ta == tb || ROOTS.contains(&ta) {
                continue;
            }
            if !allowed(ta).is_some_and(|ok| ok.contains(tb)) {
                found.push(format!("src/{}:{line}: `{ta}` must not import `{tb}` (src/{})", a.rel, b.rel));
            }
        }
        let file_graph: Vec<(usize, usize)> = edges.iter().map(|&(a, b, _)| (a, b)).collect();
        for circle in circles(self.files.len(), &file_graph) {
            let names: Vec<String> = circle.iter().map(|&i| format!("src/{}", self.files[i].rel)).collect();
            found.push(format!("files import each other: {}", names.join(" <-> ")));
        }
        let tops: Vec<&str> = self.files.iter().map(SourceFile::top).collect::<BTreeSet<_>>().into_iter().collect();
        let index = |t: &str| tops.iter().position(|x| *x == t).unwrap_or(0);
        let module_graph: Vec<(usize, usize)> = edges
            .iter()
            .map(|&(a, b, _)| (index(self.files[a].top()), index(self.files[b].top())))
            .filter(|(a, b)| a != b)
            .collect();
        for circle in circles(tops.len(), &module_graph) {
            let names: Vec<&str> = circle.iter().map(|&i| tops[i]).collect();
            found.push(format!("modules import each other: {}", names.join(" <-> ")));
        }
        found
    }
}

/// The strongly connected groups of more than one node (Tarjan).
fn circles(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    struct State<'a> {
        next: Vec<Vec<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on_stack: Vec<bool>,
        counter: usize,
        out: &'a mut Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.counter);
        s.low[v] = s.counter;
        s.counter += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for w in s.next[v].clone() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut next = vec![Vec::new(); n];
    for &(a, b) in edges {
        next[a].push(b);
    }
    let mut out = Vec::new();
    let mut s = State {
        next,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on_stack: vec![false; n],
        counter: 0,
        out: &mut out,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    out
}

mod tests;
