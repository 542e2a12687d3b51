//! The merge, case by case, on meetings written as people write them.

use super::*;

const BASE: &str = r#"# The call of 28 January
schema = 1
date = 2025-01-28
status = "draft"
chair = "anna"  # chairs this month
present = ["anna", "marco"]

[[items]]
id = "deepseek"
title = "DeepSeek"
tags = ["ai"]
notes = """
The launch of R1.
It is open-weight.
Benchmarks were discussed.
"""

[[items]]
id = "congo"
title = "Congo"
notes = """
M23 took Goma.
"""

[[items.actions]]
id = "a1"
owner = "lu"
task = "Collect the figures"
"#;

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in the text");
    text.replacen(from, to, 1)
}

#[track_caller]
fn clean(base: &str, ours: &str, theirs: &str) -> String {
    let merged = merge(Some(base), ours, theirs);
    assert!(merged.is_clean(), "{:?}\n{}", merged.conflicts, merged.text);
    let again = merge(Some(base), theirs, ours);
    assert!(again.is_clean(), "{:?}", again.conflicts);
    merged.text
}

#[test]
fn an_item_added_on_each_side_keeps_both_ours_first() {
    let ours = format!("{BASE}\n[[items]]\nid = \"budget\"\ntitle = \"Budget\"\n");
    let theirs =
        format!("{BASE}\n# from the chair\n[[items]]\nid = \"china\"\ntitle = \"China\"\n");
    let text = clean(BASE, &ours, &theirs);
    let budget = text.find("\"budget\"").unwrap();
    let china = text
        .find("# from the chair\n[[items]]\nid = \"china\"")
        .unwrap();
    assert!(budget < china, "{text}");
    assert!(text.starts_with("# The call of 28 January\n"), "{text}");
    assert!(
        text.contains("chair = \"anna\"  # chairs this month"),
        "{text}"
    );
    // The action stays with its item.
    let action = text.find("id = \"a1\"").unwrap();
    assert!(
        text.find("id = \"congo\"").unwrap() < action && action < budget,
        "{text}"
    );
}

#[test]
fn different_fields_of_one_item_and_different_items_merge() {
    let ours = edit(
        BASE,
        "title = \"Congo\"",
        "title = \"The situation in Congo\"",
    );
    let ours = edit(&ours, "tags = [\"ai\"]", "tags = [\"ai\", \"china\"]");
    let theirs = edit(BASE, "M23 took Goma.\n", "M23 took Goma.\nTalks in Doha.\n");
    let theirs = edit(&theirs, "owner = \"lu\"", "owner = \"marco\"");
    let text = clean(BASE, &ours, &theirs);
    let both = edit(
        &ours,
        "M23 took Goma.\n",
        "M23 took Goma.\nTalks in Doha.\n",
    );
    assert_eq!(text, edit(&both, "owner = \"lu\"", "owner = \"marco\""));
}

#[test]
fn notes_edited_on_both_sides_in_different_lines_merge_line_by_line() {
    let ours = edit(BASE, "The launch of R1.", "The launch of DeepSeek-R1.");
    let theirs = edit(
        BASE,
        "Benchmarks were discussed.",
        "Benchmarks were doubted.",
    );
    let text = clean(BASE, &ours, &theirs);
    assert!(
        text.contains("The launch of DeepSeek-R1.\nIt is open-weight.\nBenchmarks were doubted.\n"),
        "{text}"
    );
}

#[test]
fn the_same_line_changed_two_ways_is_marked_inside_the_notes() {
    let ours = edit(BASE, "M23 took Goma.", "M23 took Goma on Monday.");
    let theirs = edit(BASE, "M23 took Goma.", "M23 entered Goma.");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert_eq!(merged.conflicts, ["the notes of item \"congo\""]);
    assert!(
        merged.text.contains(
            "notes = \"\"\"\n<<<<<<< ours\nM23 took Goma on Monday.\n=======\nM23 entered Goma.\n>>>>>>> theirs\n\"\"\""
        ),
        "{}",
        merged.text
    );
    // Still TOML, and `check` names the place.
    let root = toml::de::DeTable::parse(&merged.text).expect("valid TOML");
    let lines = crate::diagnostic::Lines::new(&merged.text);
    let (found, _) = crate::conflict::find(std::path::Path::new("m.toml"), &lines, root.get_ref());
    assert_eq!(
        found[0].message,
        "conflict in the notes of item \"congo\": resolve, then commit"
    );
}

#[test]
fn a_value_changed_two_ways_shows_both_in_its_place() {
    let ours = edit(BASE, "status = \"draft\"", "status = \"final\"");
    let theirs = edit(BASE, "status = \"draft\"", "status = \"agenda\"");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert_eq!(merged.conflicts, ["the status"]);
    assert!(
        merged.text.contains(
            "status = { merge-conflict = \"changed on both sides: keep one value\", ours = \"final\", theirs = \"agenda\", base = \"draft\" }\n"
        ),
        "{}",
        merged.text
    );
    let ours = edit(BASE, "owner = \"lu\"", "owner = \"anna\"");
    let theirs = edit(BASE, "owner = \"lu\"\n", "");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        ["the owner of action \"a1\" of item \"congo\""]
    );
    assert!(merged.text.contains("owner = { merge-conflict = \"changed here but removed on the other side: keep one version\", ours = \"anna\", base = \"lu\" }"), "{}", merged.text);
}

#[test]
fn sets_keep_additions_of_both_and_removals_of_either() {
    let ours = edit(
        BASE,
        "present = [\"anna\", \"marco\"]",
        "present = [\"anna\", \"marco\", \"lu\"]",
    );
    let theirs = edit(
        BASE,
        "present = [\"anna\", \"marco\"]",
        "present = [\"marco\", \"pietro\"]",
    );
    let text = clean(BASE, &ours, &theirs);
    assert!(
        text.contains("present = [\"marco\", \"lu\", \"pietro\"]"),
        "{text}"
    );
}

#[test]
fn an_item_removed_on_one_side_and_edited_on_the_other_is_kept_and_marked() {
    let start = BASE.find("[[items]]\nid = \"deepseek\"").unwrap();
    let end = BASE.find("[[items]]\nid = \"congo\"").unwrap();
    let ours = format!("{}{}", &BASE[..start], &BASE[end..]);
    let theirs = edit(BASE, "The launch of R1.", "The launch of R1, in January.");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        ["item \"deepseek\" (removed here, changed on the other side)"]
    );
    assert!(merged.text.contains("[[items]]\nmerge-conflict = \"removed here but changed on the other side: delete this item"), "{}", merged.text);
    assert!(merged.text.contains("in January"));
    // Removed on one side, untouched on the other: gone.
    let theirs = edit(BASE, "M23 took Goma.", "M23 took Goma!");
    let text = clean(BASE, &ours, &theirs);
    assert!(
        !text.contains("deepseek") && text.contains("Goma!"),
        "{text}"
    );
}

#[test]
fn files_created_on_both_sides_merge_without_a_base() {
    let ours = "schema = 1\nstatus = \"agenda\"\n\n[[items]]\nid = \"news\"\ntitle = \"News\"\n";
    let theirs = "schema = 1\nstatus = \"agenda\"\n\n[[items]]\nid = \"news\"\ntitle = \"News\"\n\n[[items]]\nid = \"budget\"\ntitle = \"Budget\"\n";
    let merged = merge(None, ours, theirs);
    assert!(merged.is_clean());
    assert_eq!(merged.text, theirs);
}

#[test]
fn translations_and_the_configuration_merge_by_key() {
    let base = "schema = 1\n\n[items.congo]\ntitle = \"Kongo\"\n";
    let ours = "schema = 1\ntranslator = \"Anna\"\n\n[items.congo]\ntitle = \"Kongo\"\n";
    let theirs = "schema = 1\n\n[items.congo]\ntitle = \"Kongo\"\n\n[items.deepseek]\ntitle = \"DeepSeek\"\n";
    let text = clean(base, ours, theirs);
    assert_eq!(
        text,
        "schema = 1\ntranslator = \"Anna\"\n\n[items.congo]\ntitle = \"Kongo\"\n\n[items.deepseek]\ntitle = \"DeepSeek\"\n"
    );
    let ours = "schema = 1\n\n[items.congo]\ntitle = \"Der Kongo\"\n";
    let theirs = "schema = 1\n\n[items.congo]\ntitle = \"Die Lage im Kongo\"\n";
    let merged = merge(Some(base), ours, theirs);
    assert_eq!(merged.conflicts, ["the title of item \"congo\""]);

    let base = "[archive]\ntitle = \"Call\"\n\n[people]\nanna = \"Anna Rossi\"\n";
    let ours = "[archive]\ntitle = \"Board call\"\n\n[people]\nanna = \"Anna Rossi\"\n";
    let theirs =
        "[archive]\ntitle = \"Call\"\n\n[people]\nanna = \"Anna Rossi\"\nlu = \"Lu Wei\"\n";
    assert_eq!(
        clean(base, ours, theirs),
        "[archive]\ntitle = \"Board call\"\n\n[people]\nanna = \"Anna Rossi\"\nlu = \"Lu Wei\"\n"
    );
}

#[test]
fn fields_the_merge_does_not_know_merge_by_their_shape() {
    let base = "schema = 1\n\n[[links]]\nurl = \"https://a.example\"\nlabel = \"A\"\n";
    let ours = "schema = 1\n\n[[links]]\nurl = \"https://a.example\"\nlabel = \"The A\"\n";
    let theirs = "schema = 1\n\n[[links]]\nurl = \"https://a.example\"\nlabel = \"A\"\nkind = \"video\"\n\n[[links]]\nurl = \"https://b.example\"\n";
    let text = clean(base, ours, theirs);
    assert_eq!(
        text,
        "schema = 1\n\n[[links]]\nurl = \"https://a.example\"\nlabel = \"The A\"\nkind = \"video\"\n\n[[links]]\nurl = \"https://b.example\"\n"
    );
    let base = "[[gadgets]]\nname = \"x\"\nsize = 1\n";
    let ours = "[[gadgets]]\nname = \"x\"\nsize = 2\n";
    let theirs = "[[gadgets]]\nname = \"x\"\nsize = 1\ncolour = \"red\"\n";
    assert_eq!(
        clean(base, ours, theirs),
        "[[gadgets]]\nname = \"x\"\nsize = 2\ncolour = \"red\"\n"
    );
}

#[test]
fn a_side_that_is_not_toml_is_merged_line_by_line() {
    let ours = edit(BASE, "status = \"draft\"", "status = = \"final\"");
    let theirs = edit(BASE, "M23 took Goma.", "M23 took Goma!");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert!(merged.is_clean());
    assert!(merged.text.contains("status = = \"final\"") && merged.text.contains("Goma!"));
    let theirs = edit(BASE, "status = \"draft\"", "status = \"agenda\"");
    let merged = merge(Some(BASE), &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    assert!(merged.text.contains("<<<<<<< ours\n"));
}

#[test]
fn a_removed_file_that_was_changed_is_kept_with_a_note() {
    let merged = mark_removed(BASE, Side::Theirs);
    assert!(
        merged.text.starts_with(
            "merge-conflict = \"removed on the other side but changed here: delete the file"
        ),
        "{}",
        merged.text
    );
    assert_eq!(
        merged.conflicts,
        ["the file (removed on the other side, changed here)"]
    );
}

/// For random pairs of edits of a generated meeting that touch different
/// items or fields, the merge equals applying both edits, in either order.
mod property {
    use proptest::prelude::*;
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

    use super::merge;

    #[derive(Debug, Clone)]
    struct Meeting {
        titles: Vec<String>,
        notes: Vec<Vec<String>>,
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Status(String),
        Chair(String),
        Title(usize, String),
        NoteLine(usize, usize, String),
        AddTag(usize, String),
        ActionTask(usize, String),
        RemoveItem(usize),
        AddItem(u8),
    }

    impl Edit {
        /// What the edit touches: an item (by number) or none, and a field.
        fn target(&self) -> (Option<usize>, String) {
            match self {
                Edit::Status(_) => (None, "status".into()),
                Edit::Chair(_) => (None, "chair".into()),
                Edit::Title(i, _) => (Some(*i), "title".into()),
                Edit::NoteLine(i, _, _) => (Some(*i), "notes".into()),
                Edit::AddTag(i, _) => (Some(*i), "tags".into()),
                Edit::ActionTask(i, _) => (Some(*i), "actions".into()),
                Edit::RemoveItem(i) => (Some(*i), "*".into()),
                Edit::AddItem(n) => (None, format!("new item {n}")),
            }
        }

        /// The same edit, its item numbers taken among `n` items.
        fn within(self, n: usize) -> Edit {
            match self {
                Edit::Title(i, s) => Edit::Title(i % n, s),
                Edit::NoteLine(i, l, s) => Edit::NoteLine(i % n, l, s),
                Edit::AddTag(i, s) => Edit::AddTag(i % n, s),
                Edit::ActionTask(i, s) => Edit::ActionTask(i % n, s),
                Edit::RemoveItem(i) => Edit::RemoveItem(i % n),
                other => other,
            }
        }
    }

    fn independent(a: &Edit, b: &Edit) -> bool {
        let (ia, fa) = a.target();
        let (ib, fb) = b.target();
        match (ia, ib) {
            (Some(x), Some(y)) if x == y => fa != fb && fa != "*" && fb != "*",
            _ => fa != fb || ia != ib,
        }
    }

    fn words() -> impl Strategy<Value = String> {
        "[a-z]{1,8}( [a-zé]{1,8}){0,3}"
    }

    fn meeting() -> impl Strategy<Value = Meeting> {
        prop::collection::vec((words(), prop::collection::vec(words(), 2..6)), 1..5).prop_map(
            |items| Meeting {
                titles: items.iter().map(|(t, _)| t.clone()).collect(),
                notes: items.into_iter().map(|(_, n)| n).collect(),
            },
        )
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            prop::sample::select(vec!["agenda", "draft", "final"])
                .prop_map(|s| Edit::Status(s.into())),
            words().prop_map(Edit::Chair),
            (0..8usize, words()).prop_map(|(i, s)| Edit::Title(i, s)),
            (0..8usize, 0..8usize, words()).prop_map(|(i, l, s)| Edit::NoteLine(i, l, s)),
            (0..8usize, "[a-z]{2,6}").prop_map(|(i, s)| Edit::AddTag(i, s)),
            (0..8usize, words()).prop_map(|(i, s)| Edit::ActionTask(i, s)),
            (0..8usize).prop_map(Edit::RemoveItem),
            (0..3u8).prop_map(Edit::AddItem),
        ]
    }

    fn render(m: &Meeting) -> String {
        let mut out = String::from(
            "# generated\nschema = 1\ndate = 2025-01-28\nstatus = \"draft\" # for now\nchair = \"anna\"\n",
        );
        for (n, (title, notes)) in m.titles.iter().zip(&m.notes).enumerate() {
            out.push_str(&format!(
                "\n[[items]]\nid = \"item{n}\"\ntitle = \"{title}\"\ntags = [\"t{n}\"]\nnotes = \"\"\"\n{}\n\"\"\"\n",
                notes.join("\n")
            ));
            if n % 2 == 0 {
                out.push_str(&format!(
                    "\n[[items.actions]]\nid = \"a{n}\"\ntask = \"task {n}\"\n"
                ));
            }
        }
        out
    }

    fn item(doc: &mut DocumentMut, n: usize) -> Option<&mut Table> {
        let id = format!("item{n}");
        doc["items"]
            .as_array_of_tables_mut()?
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id.as_str()))
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        match edit {
            Edit::Status(s) => doc["status"] = value(s.as_str()),
            Edit::Chair(s) => doc["chair"] = value(s.as_str()),
            Edit::Title(i, s) => {
                if let Some(t) = item(&mut doc, *i) {
                    t["title"] = value(s.as_str());
                }
            }
            Edit::NoteLine(i, l, s) => {
                if let Some(t) = item(&mut doc, *i) {
                    let notes = t["notes"].as_str().unwrap().to_string();
                    let mut lines: Vec<&str> = notes.lines().collect();
                    let at = l % lines.len();
                    lines[at] = s;
                    t["notes"] = value(format!("{}\n", lines.join("\n")));
                }
            }
            Edit::AddTag(i, s) => {
                if let Some(t) = item(&mut doc, *i) {
                    let tags = t["tags"].as_array_mut().unwrap();
                    if !tags.iter().any(|v| v.as_str() == Some(s)) {
                        tags.push(s.as_str());
                    }
                }
            }
            Edit::ActionTask(i, s) => {
                if let Some(t) = item(&mut doc, *i) {
                    if let Some(actions) =
                        t.get_mut("actions").and_then(Item::as_array_of_tables_mut)
                    {
                        actions.iter_mut().next().unwrap()["task"] = value(s.as_str());
                    }
                }
            }
            Edit::RemoveItem(i) => {
                let id = format!("item{i}");
                doc["items"]
                    .as_array_of_tables_mut()
                    .unwrap()
                    .retain(|t| t.get("id").and_then(Item::as_str) != Some(id.as_str()));
            }
            Edit::AddItem(n) => {
                let mut table = Table::new();
                table["id"] = value(format!("added{n}"));
                table["title"] = value(format!("Added {n}"));
                table["notes"] = value("new\nnotes\n");
                if doc.get("items").is_none() {
                    doc["items"] = Item::ArrayOfTables(ArrayOfTables::new());
                }
                doc["items"].as_array_of_tables_mut().unwrap().push(table);
            }
        }
        doc.to_string()
    }

    fn parsed(text: &str) -> toml::Table {
        text.parse()
            .unwrap_or_else(|e| panic!("not TOML ({e}):\n{text}"))
    }

    proptest! {
        // Failures are shrunk and printed, not kept in a file of the source tree.
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn edits_of_different_items_or_fields_merge_as_if_applied_in_turn(
            m in meeting(),
            a in edit(),
            b in edit(),
        ) {
            let (a, b) = (a.within(m.titles.len()), b.within(m.titles.len()));
            prop_assume!(independent(&a, &b));
            let base = render(&m);
            let ours = apply(&base, &a);
            let theirs = apply(&base, &b);
            let merged = merge(Some(&base), &ours, &theirs);
            prop_assert!(merged.is_clean(), "{:?}\n{}", merged.conflicts, merged.text);
            prop_assert_eq!(parsed(&merged.text), parsed(&apply(&ours, &b)), "{}", merged.text);
            let other = merge(Some(&base), &theirs, &ours);
            prop_assert!(other.is_clean(), "{:?}", other.conflicts);
            prop_assert_eq!(parsed(&other.text), parsed(&apply(&theirs, &a)), "{}", other.text);
            // What neither side touched keeps its layout.
            prop_assert!(merged.text.starts_with("# generated\nschema = 1\n"));
        }
    }
}
