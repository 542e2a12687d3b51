//! The layers of ARCHITECTURE.md, checked against the code: every arrow
//! between top-level modules points down, or sideways within a layer; none
//! is one of the Nevers; and no arrows form a cycle.
//!
//! The layer table and the Nevers are read from ARCHITECTURE.md, so that the
//! document is the one place where they are declared and cannot drift from
//! the code.
//! The arrows are the `crate::<module>` paths in `src/**/*.rs` (`use` lines
//! and paths in code, grouped `crate::{a, b}` included; `super::` resolved
//! from the file's place), and `minutes::<module>` in `src/main.rs`, which is
//! a crate of its own. Comment lines are left out, and so are the unit tests
//! (an item under `#[cfg(test)]` at the top level of a file, to the `}` that
//! closes it at the start of a line): a test may reach across modules, to
//! check that two declarations agree. Run with `--nocapture` to see the
//! arrows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DOC: &str = "ARCHITECTURE.md";

/// What ARCHITECTURE.md declares.
struct Rules {
    /// Each layer's name and modules, from the top down.
    layers: Vec<(String, Vec<String>)>,
    /// Arrows between layers that must never exist: from, to, and why.
    nevers: Vec<(String, String, String)>,
}

/// One reference from a file to another top-level module.
#[derive(Debug)]
struct Use {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
    text: String,
}

#[test]
fn every_arrow_points_down_and_none_forms_a_cycle() {
    let rules = rules(&read(&root().join(DOC)));
    let (arrows, failures) = judge(&rules, &sources());
    println!("{arrows}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_architecture_names_every_source_file() {
    let doc = read(&root().join(DOC));
    let missing: Vec<String> = sources()
        .iter()
        .map(|(file, _)| Path::new("src").join(file).display().to_string())
        .filter(|name| !doc.contains(name.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{DOC} does not name {}: add each to the code map, saying what it owns and what it must never do",
        missing.join(", ")
    );
}

#[test]
fn the_scanner_finds_grouped_nested_and_relative_paths() {
    let modules: BTreeSet<String> = ["render", "git", "query", "archive", "index", "ui"]
        .map(String::from)
        .into();
    let text = "use crate::{git, query::{search, text}};\n\
                // crate::index is only mentioned here\n\
                use super::super::archive;\n\
                use super::templates;\n\
                fn f() { crate::ui::note(false, \"x\"); }\n\
                #[cfg(test)]\n\
                mod tests {\n    use crate::index;\n}\n";
    let found = uses(Path::new("render/env.rs"), text, &modules);
    let seen: Vec<(&str, usize)> = found.iter().map(|u| (u.to.as_str(), u.line)).collect();
    assert_eq!(seen, [("git", 1), ("query", 1), ("archive", 3), ("ui", 5)]);
    assert!(found.iter().all(|u| u.from == "render"));
    assert_eq!(found[2].text, "use super::super::archive;");
}

#[test]
fn upward_forbidden_and_circular_arrows_are_reported_with_their_place() {
    let rules = rules(
        "| Layer | Modules |\n|---|---|\n\
         | Top | `history`, `changes`, `render` |\n\
         | Bottom | `git` |\n\n\
         | Never | Why |\n|---|---|\n\
         | Top -> Bottom | no reason |\n",
    );
    let files = vec![
        (
            PathBuf::from("git.rs"),
            "use crate::history::Timeline;\n".to_string(),
        ),
        (
            PathBuf::from("history.rs"),
            "use crate::changes;\n".to_string(),
        ),
        (
            PathBuf::from("changes.rs"),
            "fn f() { crate::history::g() }\n".to_string(),
        ),
        (PathBuf::from("pager.rs"), String::new()),
        (
            PathBuf::from("render/mod.rs"),
            "use crate::git;\n".to_string(),
        ),
    ];
    let (_, failures) = judge(&rules, &files);
    let all = failures.join("\n");
    assert!(
        all.contains("src/git.rs:1: `use crate::history::Timeline;`"),
        "{all}"
    );
    assert!(all.contains("`git` (Bottom) uses `history` (Top)"), "{all}");
    assert!(
        all.contains("a cycle: changes -> history -> changes"),
        "{all}"
    );
    assert!(all.contains("src/changes.rs:1: `fn f() { crate::history::g() }`"));
    assert!(
        all.contains("module `pager` (src/pager.rs) has no layer"),
        "{all}"
    );
    assert!(
        all.contains("`render` (Top) uses `git` (Bottom), an arrow of the Nevers (no reason)"),
        "{all}"
    );
    assert!(
        all.contains("src/render/mod.rs:1: `use crate::git;`"),
        "{all}"
    );
    assert_eq!(failures.len(), 4, "{all}");
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The layer table and the Nevers of `doc`.
fn rules(doc: &str) -> Rules {
    let code_names = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    };
    let layers: Vec<(String, Vec<String>)> = table(doc, "Layer")
        .into_iter()
        .map(|[name, modules]| (name, code_names(&modules)))
        .collect();
    let nevers = table(doc, "Never")
        .into_iter()
        .map(|[arrow, why]| {
            let (from, to) = arrow.split_once("->").unwrap_or_else(|| {
                panic!("{DOC}: a Never is written `Layer -> Layer`, not {arrow:?}")
            });
            (from.trim().to_string(), to.trim().to_string(), why)
        })
        .collect();
    assert!(
        !layers.is_empty(),
        "{DOC} has no layer table (a Markdown table whose header starts with `| Layer |`)"
    );
    Rules { layers, nevers }
}

/// The rows of the first Markdown table whose header starts with
/// `| <first> |`: the trimmed text of its first two cells.
fn table(doc: &str, first: &str) -> Vec<[String; 2]> {
    let header = format!("| {first} |");
    doc.lines()
        .skip_while(|l| !l.starts_with(&header))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            let cell = |n: usize| cells.get(n).map_or("", |c| c.trim()).to_string();
            [cell(1), cell(2)]
        })
        .collect()
}

/// Every `.rs` file under `src/`, relative to it, with its text.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a folder entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(base).expect("below src").to_path_buf();
                out.push((relative, read(&path)));
            }
        }
    }
    let base = root().join("src");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out
}

/// The module path of a file relative to `src/`: `render/env.rs` is
/// `render::env`, `render/mod.rs` is `render`, `lib.rs` the crate root.
fn module_path(file: &Path) -> Vec<String> {
    let mut path: Vec<String> = file
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod" || l == "lib") {
        path.pop();
    }
    path
}

/// Checks the files against the layers: the arrows between top-level
/// modules, drawn for people, and every failure, each naming the file, the
/// line and the import.
fn judge(rules: &Rules, files: &[(PathBuf, String)]) -> (String, Vec<String>) {
    let rank: BTreeMap<&str, (usize, &str)> = rules
        .layers
        .iter()
        .enumerate()
        .flat_map(|(n, (layer, modules))| {
            modules
                .iter()
                .map(move |m| (m.as_str(), (n, layer.as_str())))
        })
        .collect();
    let mut failures = Vec::new();
    let mut modules = BTreeSet::new();
    for (file, _) in files {
        let Some(top) = module_path(file).first().cloned() else {
            continue;
        };
        if !rank.contains_key(top.as_str()) && modules.insert(top.clone()) {
            failures.push(format!(
                "module `{top}` (src/{}) has no layer: add `{top}` to the Modules column of a \
                 row of the layer table in {DOC} (a layer at or above every module it uses, \
                 at or below every module that uses it), and give its files an entry in the \
                 code map",
                file.display()
            ));
        }
        modules.insert(top);
    }
    for (from, to, _) in &rules.nevers {
        for layer in [from, to] {
            if !rules.layers.iter().any(|(name, _)| name == layer) {
                failures.push(format!(
                    "the Nevers of {DOC} name the layer `{layer}`, which the layer table lacks"
                ));
            }
        }
    }
    for module in rank.keys().filter(|m| !modules.contains(**m)) {
        failures.push(format!(
            "the layer table of {DOC} names `{module}`, which is no module under src/: \
             remove it from the table"
        ));
    }

    let all: Vec<Use> = files
        .iter()
        .flat_map(|(file, text)| uses(file, text, &modules))
        .collect();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for u in &all {
        graph.entry(&u.from).or_default().insert(&u.to);
        let (Some(&(from, from_layer)), Some(&(to, to_layer))) =
            (rank.get(u.from.as_str()), rank.get(u.to.as_str()))
        else {
            continue;
        };
        let never = rules
            .nevers
            .iter()
            .find(|(f, t, _)| f == from_layer && t == to_layer);
        if let Some((_, _, why)) = never {
            failures.push(format!(
                "a forbidden arrow: `{}` ({from_layer}) uses `{}` ({to_layer}), an arrow of the \
                 Nevers ({why})\n  {}",
                u.from,
                u.to,
                place(u)
            ));
        } else if to < from {
            failures.push(format!(
                "an arrow runs upward: `{}` ({from_layer}) uses `{}` ({to_layer})\n  {}\n  \
                 move what it needs down to a layer below `{}`, or let a module above both \
                 (a command) put the two together",
                u.from,
                u.to,
                place(u),
                u.from
            ));
        }
    }
    for cycle in cycles(&graph) {
        let mut text = format!("a cycle: {}", cycle.join(" -> "));
        for pair in cycle.windows(2) {
            if let Some(u) = all.iter().find(|u| u.from == pair[0] && u.to == pair[1]) {
                text.push_str(&format!("\n  {}", place(u)));
            }
        }
        failures.push(text + "\n  break it: one of these modules must not know the other");
    }
    (draw(&rules.layers, &graph), failures)
}

fn place(u: &Use) -> String {
    format!("src/{}:{}: `{}`", u.file.display(), u.line, u.text)
}

/// The references of `file` to other top-level modules among `modules`.
fn uses(file: &Path, text: &str, modules: &BTreeSet<String>) -> Vec<Use> {
    let path = module_path(file);
    let Some(from) = path.first().cloned() else {
        return Vec::new();
    };
    // The binary is a crate of its own: it reaches the library by its name.
    let prefixes: &[&str] = if path == ["main"] {
        &["minutes::"]
    } else {
        &["crate::", "super::"]
    };
    let tests = unit_tests(text);
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") || tests[n] {
            continue;
        }
        let rest_of_file = &text[offset(text, n)..];
        for prefix in prefixes {
            let mut from_at = 0;
            while let Some(found) = line[from_at..].find(prefix) {
                let at = from_at + found;
                from_at = at + prefix.len();
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let targets = if *prefix == "super::" {
                    let mut rest = &line[at..];
                    let mut base = path.clone();
                    while let Some(r) = rest.strip_prefix("super::") {
                        base.pop();
                        rest = r;
                    }
                    from_at = line.len() - rest.len();
                    match base.first() {
                        Some(top) => vec![top.clone()],
                        None => targets(&rest_of_file[from_at..]),
                    }
                } else {
                    targets(&rest_of_file[at + prefix.len()..])
                };
                for to in targets {
                    let seen = out.iter().any(|u: &Use| u.line == n + 1 && u.to == to);
                    if to != from && modules.contains(&to) && !seen {
                        out.push(Use {
                            from: from.clone(),
                            to,
                            file: file.to_path_buf(),
                            line: n + 1,
                            text: line.trim().to_string(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// For each line of `text`, whether it belongs to a unit test: an item
/// under `#[cfg(test)]` at the start of a line, through the line `}` that
/// closes it (rustfmt puts it there), or the one line of an item without a
/// body.
fn unit_tests(text: &str) -> Vec<bool> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![false; lines.len()];
    let mut n = 0;
    while n < lines.len() {
        if lines[n].trim_end() != "#[cfg(test)]" {
            n += 1;
            continue;
        }
        out[n] = true;
        let block = lines
            .get(n + 1)
            .is_some_and(|l| l.trim_end().ends_with('{'));
        n += 1;
        while n < lines.len() {
            out[n] = true;
            n += 1;
            if !block || lines[n - 1].trim_end() == "}" {
                break;
            }
        }
    }
    out
}

/// The byte offset of line `n` (0-based) in `text`.
fn offset(text: &str, n: usize) -> usize {
    text.split_inclusive('\n').take(n).map(str::len).sum()
}

/// The first name of each path after `crate::`: `git` in `git::Repo`; `a`
/// and `b` in `{a, b::{c, d}}`, which may span lines.
fn targets(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let mut depth = 0;
    let mut parts = vec![String::new()];
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
        .iter()
        .map(|p| ident(p))
        .filter(|p| !p.is_empty() && p != "self")
        .collect()
}

/// Each cycle of the graph once, as the modules along it, back to the first.
fn cycles<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        out: &mut Vec<Vec<&'a str>>,
    ) {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node);
            out.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, out);
        }
        stack.pop();
        done.insert(node);
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

/// The arrows between top-level modules, layer by layer, top first.
fn draw(layers: &[(String, Vec<String>)], graph: &BTreeMap<&str, BTreeSet<&str>>) -> String {
    let mut out = String::from("arrows between the top-level modules of src/, by layer:\n");
    for (layer, modules) in layers {
        for (n, module) in modules.iter().enumerate() {
            let to: Vec<&str> = graph
                .get(module.as_str())
                .map(|t| t.iter().copied().collect())
                .unwrap_or_default();
            let arrow = if to.is_empty() {
                "(none)".to_string()
            } else {
                to.join(", ")
            };
            let name = if n == 0 { layer.as_str() } else { "" };
            out.push_str(&format!("{name:<8} {module} -> {arrow}\n"));
        }
    }
    out
}
