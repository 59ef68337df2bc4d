//! The import graph of `transcript-core` has no circle: `format` depends on
//! nothing, `model` on `format`, the parsers on `format`/`model`/`text`/
//! `parse::labels`, detection on the parsers, and so on up.
//!
//! The graph is read from the sources: each file under `src/` is a module;
//! every path `crate::a::b…`, `super::…`, `self::…` or `child::…` in code
//! outside `#[cfg(test)]` modules and comments is an edge to the deepest
//! module it names. Edges from a submodule to its own ancestors are left out
//! (a submodule is part of its parent, as `search/fold.rs` is of `search`),
//! and so are edges to the crate root (`lib.rs` only re-exports).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module path (`["parse", "script"]`) of every `.rs` file under `src/`.
fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Vec<String>, PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            let mut p = prefix.to_vec();
            p.push(name);
            modules(&path, &p, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut p = prefix.to_vec();
            if name != "mod" && name != "lib" {
                p.push(name);
            }
            out.insert(p, path);
        }
    }
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `a::b::c` path token (`use` lines with braces give each branch).
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_alphanumeric() || bytes[i] == '_' || bytes[i] == ':')
            {
                i += 1;
            }
            let token: String = bytes[start..i].iter().collect();
            let segs: Vec<String> = token
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let prev = if start > 0 { bytes[start - 1] } else { ' ' };
            let base: Vec<String> = segs.clone();
            if prev != ':' && segs.len() >= 2 {
                out.push(base.clone());
                // `use a::b::{c, d::e}`: each branch.
                if token.ends_with("::") && i < bytes.len() && bytes[i] == '{' {
                    let close = bytes[i..]
                        .iter()
                        .position(|&c| c == '}')
                        .map_or(bytes.len(), |p| i + p);
                    let inner: String = bytes[i + 1..close].iter().collect();
                    for part in inner.split(',') {
                        let mut p = base.clone();
                        p.extend(
                            part.trim()
                                .split("::")
                                .filter(|s| !s.is_empty())
                                .map(str::to_string),
                        );
                        out.push(p);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

fn resolve(
    from: &[String],
    path: &[String],
    all: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let mut base: Vec<String>;
    let mut rest = path;
    match path.first()?.as_str() {
        "crate" => {
            base = Vec::new();
            rest = &path[1..];
        }
        "self" => {
            base = from.to_vec();
            rest = &path[1..];
        }
        "super" => {
            base = from.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        first => {
            let mut child = from.to_vec();
            child.push(first.to_string());
            if !all.contains_key(&child) {
                return None; // std, serde, a local item
            }
            base = from.to_vec();
        }
    }
    for seg in rest {
        let mut next = base.clone();
        next.push(seg.clone());
        if all.contains_key(&next) {
            base = next;
        } else {
            break;
        }
    }
    Some(base)
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut all = BTreeMap::new();
    modules(&src(), &[], &mut all);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &all {
        let text = std::fs::read_to_string(file).unwrap();
        let entry = edges.entry(module.clone()).or_default();
        for path in paths(&code(&text)) {
            if let Some(to) = resolve(module, &path, &all) {
                let ancestor = module.starts_with(&to);
                if !to.is_empty() && !ancestor && &to != module {
                    entry.insert(to);
                }
            }
        }
    }
    edges
}

fn name(m: &[String]) -> String {
    m.join("/")
}

/// A circle, if there is one, by depth-first search.
fn find_cycle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit(
        n: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == m).unwrap();
                    let mut cycle: Vec<String> = stack[at..].iter().map(|s| name(s)).collect();
                    cycle.push(name(m));
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if !state.contains_key(n) {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_import_graph_has_no_circle() {
    let edges = graph();
    if std::env::var_os("PRINT_IMPORT_GRAPH").is_some() {
        for (from, to) in &edges {
            let to: Vec<String> = to.iter().map(|t| name(t)).collect();
            println!("{} -> {}", name(from), to.join(", "));
        }
    }
    assert_eq!(find_cycle(&edges), None);
}

#[test]
fn the_graph_reader_sees_the_edges_that_matter() {
    let edges = graph();
    let has = |a: &str, b: &str| {
        edges
            .iter()
            .any(|(f, t)| name(f) == a && t.iter().any(|t| name(t) == b))
    };
    // Read through `use` braces and through `super::` paths.
    assert!(has("parse/script", "parse/labels"));
    assert!(has("parse/detect", "parse/json"));
    assert!(has("model", "format"));
    assert!(has("parse/srt", "parse/cue"));
    // The circle this layout removed: format and model import no parser.
    assert!(!has("format", "parse"));
    assert!(edges
        .get(&vec!["format".to_string()])
        .is_some_and(BTreeSet::is_empty));
    // A made-up circle is found.
    let mut with_circle = edges.clone();
    with_circle
        .entry(vec!["format".to_string()])
        .or_default()
        .insert(vec!["parse".to_string(), "detect".to_string()]);
    assert!(find_cycle(&with_circle).is_some());
}
