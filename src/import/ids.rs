//! Meeting ids for imported files: the date, and a suffix only where two
//! files fall on one date.
//!
//! The suffix says what sets a file apart: the rest of its name after the
//! date (`2018-01-31-ext`), leaving out the part most of the group's file
//! names share (`-group`); else its folder (`2014-12-10-tc`) when it is
//! not the folder most files are in; else a number. Ids are lower case.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::id::{self, MeetingId};

/// One meeting to name: its source path, date, and the rest of its file
/// name after the date (a slug).
#[derive(Clone, Debug)]
pub struct Named {
    pub path: String,
    pub date: NaiveDate,
    pub rest: String,
}

/// The id of each of `files`, in their order. `series` is the series the
/// meetings belong to when it is not the archive's default (its name goes
/// into every id, as `new` names meetings of other series).
pub fn assign(files: &[Named], series: Option<&str>) -> Vec<MeetingId> {
    // The first word most names share after the date ("group").
    let common = most_common(
        files
            .iter()
            .filter_map(|f| f.rest.split('-').next())
            .filter(|r| !r.is_empty()),
        files.len(),
    );
    let home = most_common(files.iter().map(|f| folder(&f.path)), 0);
    let mut by_date: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        by_date.entry(f.date).or_default().push(i);
    }
    let mut out: Vec<String> = vec![String::new(); files.len()];
    for (date, mut group) in by_date {
        let base = match series {
            Some(s) => MeetingId::for_series(date, s, false).to_string(),
            None => date.to_string(),
        };
        if group.len() == 1 {
            out[group[0]] = base;
            continue;
        }
        // Markdown files first: a copy without the extension is the other one.
        let markdown = |path: &str| {
            std::path::Path::new(path)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        };
        group.sort_by_key(|&i| (!markdown(&files[i].path), files[i].path.clone()));
        let mut taken: Vec<String> = Vec::new();
        for &i in &group {
            let f = &files[i];
            let rest = own_rest(&f.rest, common.as_deref());
            let suffix = if !rest.is_empty() {
                rest
            } else if home.as_deref() != Some(folder(&f.path)) {
                id::slug(
                    &folder(&f.path)
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .replace('.', ""),
                )
            } else {
                String::new()
            };
            let wanted = if suffix.is_empty() || suffix == "item" {
                base.clone()
            } else {
                format!("{base}-{suffix}")
            };
            let chosen = id::free(&wanted, |candidate| taken.iter().any(|t| t == candidate));
            taken.push(chosen.clone());
            out[i] = chosen;
        }
    }
    // Every text is a date and a slug: it parses; the date alone is the
    // fallback all the same.
    out.into_iter()
        .zip(files)
        .map(|(text, f)| {
            MeetingId::parse(&text).unwrap_or_else(|_| MeetingId::for_series(f.date, "", true))
        })
        .collect()
}

/// The rest of a name without the part the group's names share.
fn own_rest(rest: &str, common: Option<&str>) -> String {
    match common {
        Some(c) if rest == c => String::new(),
        Some(c) => rest
            .strip_prefix(c)
            .and_then(|r| r.strip_prefix('-'))
            .unwrap_or(rest)
            .to_string(),
        None => rest.to_string(),
    }
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The value most of `values` have, when more than half of `of` (or of
/// the values, with `of` 0) have it.
fn most_common<'a>(values: impl Iterator<Item = &'a str>, of: usize) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut total = 0;
    for v in values {
        *counts.entry(v).or_default() += 1;
        total += 1;
    }
    let of = if of == 0 { total } else { of };
    let (value, count) = counts
        .into_iter()
        .max_by_key(|(v, c)| (*c, std::cmp::Reverse(*v)))?;
    (count * 2 > of).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(path: &str) -> Named {
        let stem = path.rsplit('/').next().unwrap().trim_end_matches(".md");
        let n = crate::import::dates::from_name(stem).unwrap();
        Named {
            path: path.into(),
            date: n.date,
            rest: n.rest,
        }
    }

    fn ids(paths: &[&str]) -> Vec<String> {
        let files: Vec<Named> = paths.iter().map(|p| named(p)).collect();
        assign(&files, None).iter().map(|i| i.to_string()).collect()
    }

    #[test]
    fn a_suffix_only_where_two_files_share_a_date() {
        assert_eq!(
            ids(&[
                "m/2022-09-15-group.md",
                "m/2022-09-15-group-summit.md",
                "m/2022-09-22-group.md",
                "m/2022-11-15-group-workshop.md",
            ]),
            [
                "2022-09-15",
                "2022-09-15-summit",
                "2022-09-22",
                "2022-11-15"
            ]
        );
        assert_eq!(
            ids(&[
                "meetings/t.c/2014-12-10.md",
                "meetings/core/2014-12-10.md",
                "meetings/2018-01-31-Ext.md",
                "meetings/2018-01-31.md",
                "meetings/2018-02-07.md",
                "meetings/2018-02-14.md",
            ]),
            [
                "2014-12-10-tc",
                "2014-12-10-core",
                "2018-01-31-ext",
                "2018-01-31",
                "2018-02-07",
                "2018-02-14"
            ]
        );
        assert_eq!(
            ids(&["a/2025-02-18", "a/2025-02-18.md"]),
            ["2025-02-18-2", "2025-02-18"]
        );
    }
}
