//! The code's shape, checked from its source: the simulation's domains depend on each other one
//! way and no two of its modules import each other, no function runs over 100 lines, and no lint
//! is silenced in the code (the one place to tune a lint is `[lints]` in `Cargo.toml`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::project_path;

/// The simulation's domains, lowest first: each may use those before it, never those after.
const DOMAINS: [&str; 6] = ["core", "world", "craft", "cosmonaut", "solver", "measure"];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The module path of a file under `src/`, e.g. `sim::craft::hatch` (`mod.rs` names its folder).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The source without `//` comments (doc comments included), so prose naming a module is no
/// import.
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut in_string = false;
            let bytes = line.as_bytes();
            for i in 0..bytes.len() {
                match bytes[i] {
                    b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
                    b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths named after each `prefix` in `code`, expanding `{a, b::c}` groups one level deep:
/// `crate::sim::core::{clock::SimClock, events}` gives `core::clock::SimClock` and
/// `core::events`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        found.extend(expand(rest));
    }
    found
}

/// The path (or group of paths) at the start of `text`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut rest = text;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            break;
        }
        rest = &rest[name.len()..];
        head.push(name);
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => return vec![head],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![head];
    };
    let mut depth = 0;
    let end = group
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return true,
                '}' => depth -= 1,
                _ => {}
            }
            false
        })
        .map_or(group.len(), |(i, _)| i);
    let mut items = Vec::new();
    let (mut start, mut depth) = (0, 0);
    for (i, c) in group[..end].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..end]);
    items
        .into_iter()
        .flat_map(|item| expand(item.trim()))
        .map(|tail| head.iter().cloned().chain(tail).collect())
        .collect()
}

/// A `super::` path written in a module whose parent is `parent`, as an absolute path: each
/// further leading `super` climbs one more level.
fn relative_to(parent: &[String], path: &[String]) -> Option<Vec<String>> {
    let ups = path.iter().take_while(|s| *s == "super").count();
    let base = parent.get(..parent.len().checked_sub(ups)?)?;
    Some(base.iter().chain(&path[ups..]).cloned().collect())
}

/// The longest prefix of `path` that is a module.
fn resolve(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| modules.contains(candidate))
}

/// Each simulation module and the simulation modules it imports (a parent's declaring and
/// aggregating its own children is structure, not an import).
fn sim_imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = project_path("src");
    let files = rust_files(&src.join("sim"));
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut imports = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let parent = &module[..module.len() - 1];
        let absolute = paths_after(&code, "crate::").into_iter();
        let relative = paths_after(&code, "super::")
            .into_iter()
            .filter_map(|p| relative_to(parent, &p));
        let targets: BTreeSet<Vec<String>> = absolute
            .chain(relative)
            .filter_map(|path| resolve(&modules, &path))
            .filter(|target| *target != module && !target.starts_with(&module))
            .collect();
        imports.insert(module, targets);
    }
    imports
}

/// A cycle through `start` in `graph`, if there is one.
fn cycle_from(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    start: &Vec<String>,
) -> Option<Vec<String>> {
    let mut stack = vec![(start.clone(), vec![start.join("::")])];
    let mut seen = BTreeSet::new();
    while let Some((node, trail)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some(trail.iter().cloned().chain([start.join("::")]).collect());
            }
            if seen.insert(next.clone()) {
                let mut longer = trail.clone();
                longer.push(next.join("::"));
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

/// The domain a simulation module belongs to (`None` for the simulation's own root and its
/// spawning, which assemble every domain).
fn domain_rank(module: &[String]) -> Option<usize> {
    let name = module.get(1)?;
    DOMAINS.iter().position(|d| d == name)
}

#[test]
fn the_simulations_imports_run_one_way_between_domains_and_modules() {
    let imports = sim_imports();
    assert!(imports.len() > 30, "only {} modules found", imports.len());
    let mut wrong_way = Vec::new();
    for (module, targets) in &imports {
        for target in targets {
            let (Some(from), Some(to)) = (domain_rank(module), domain_rank(target)) else {
                if domain_rank(module).is_some() {
                    wrong_way.push(format!("{} -> {}", module.join("::"), target.join("::")));
                }
                continue;
            };
            if to > from {
                wrong_way.push(format!("{} -> {}", module.join("::"), target.join("::")));
            }
        }
    }
    assert!(
        wrong_way.is_empty(),
        "imports against the domains' order ({}): {wrong_way:#?}",
        DOMAINS.join(" < ")
    );
    let cycles: Vec<Vec<String>> = imports
        .keys()
        .filter_map(|module| cycle_from(&imports, module))
        .collect();
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

#[test]
fn the_import_check_sees_groups_relative_paths_and_cycles() {
    let paths = paths_after(
        "use crate::sim::core::{clock::SimClock, events::{EventLog, SimEvent}};\n\
         let x = super::hatch::Hatches::default();",
        "crate::",
    );
    assert_eq!(
        paths,
        vec![
            vec!["sim", "core", "clock", "SimClock"],
            vec!["sim", "core", "events", "EventLog"],
            vec!["sim", "core", "events", "SimEvent"],
        ]
    );
    assert_eq!(
        paths_after("a(super::hatch::Hatches)", "super::"),
        vec![vec!["hatch", "Hatches"]]
    );
    assert_eq!(code_of("let a = 1; // crate::sim::x"), "let a = 1; ");
    let parent = ["sim".to_string(), "cosmonaut".to_string()];
    let up = ["super", "measure", "outcome"].map(String::from);
    assert_eq!(
        relative_to(&parent, &up),
        Some(["sim", "measure", "outcome"].map(String::from).to_vec())
    );
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = [
        (
            vec!["a".to_string()],
            BTreeSet::from([vec!["b".to_string()]]),
        ),
        (
            vec!["b".to_string()],
            BTreeSet::from([vec!["a".to_string()]]),
        ),
    ]
    .into();
    assert!(cycle_from(&graph, &vec!["a".to_string()]).is_some());
}

/// What follows `fn ` on a line that starts a function, whatever its qualifiers.
fn function_start(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("fn ") {
            return Some(after);
        }
        let word_end = if rest.starts_with("pub(") {
            rest.find(')')? + 1
        } else {
            rest.find(' ')?
        };
        let word = &rest[..word_end];
        let qualifier = word.starts_with("pub")
            || ["const", "async", "unsafe", "extern", "\"C\""].contains(&word);
        if !qualifier {
            return None;
        }
        rest = rest[word_end..].trim_start();
    }
}

/// Each function in `code` longer than `limit` lines, as `name (lines)`.
fn long_functions(code: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let mut long = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let Some(line) = function_start(lines[k]) else {
            k += 1;
            continue;
        };
        let name: String = line
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // A signature's `[f64; 3]` is no end: only a `;` outside brackets before the body is.
        let (mut depth, mut opened, mut end, mut nested) = (0i32, false, k, 0i32);
        'scan: for (j, l) in lines.iter().enumerate().skip(k) {
            for c in l.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    '[' | '(' if !opened => nested += 1,
                    ']' | ')' if !opened => nested -= 1,
                    ';' if !opened && depth == 0 && nested == 0 => {
                        end = j;
                        break 'scan;
                    }
                    _ => {}
                }
                if opened && depth == 0 {
                    end = j;
                    break 'scan;
                }
            }
        }
        let length = end - k + 1;
        if length > limit {
            long.push(format!("{name} ({length} lines)"));
        }
        k = end.max(k) + 1;
    }
    long
}

#[test]
fn no_function_runs_over_100_lines_and_no_lint_is_silenced_in_the_code() {
    let src = project_path("src");
    let mut long = Vec::new();
    let mut allowances = Vec::new();
    for file in rust_files(&src) {
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        long.extend(
            long_functions(&code, 100)
                .into_iter()
                .map(|f| format!("{name}: {f}")),
        );
        if code.contains("allow(clippy::") || code.contains("expect(clippy::") {
            allowances.push(name);
        }
    }
    assert!(long.is_empty(), "functions over 100 lines: {long:#?}");
    assert!(
        allowances.is_empty(),
        "lint allowances in the code (tune lints in Cargo.toml's [lints]): {allowances:#?}"
    );
    let sample = format!(
        "fn short() {{\n}}\nfn long() {{\n{}}}\n",
        "x;\n".repeat(120)
    );
    assert_eq!(long_functions(&sample, 100), vec!["long (122 lines)"]);
    let array_arg = format!(
        "pub(crate) const fn arr(a: [f64; 3]) {{\n{}}}\n",
        "x;\n".repeat(120)
    );
    assert_eq!(long_functions(&array_arg, 100), vec!["arr (122 lines)"]);
    assert_eq!(function_start("    pub(super) async fn go()"), Some("go()"));
    assert_eq!(function_start("    let fn_ = 1;"), None);
}
