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
    let (found, _) =
        crate::conflict::find(std::path::Path::new("m.toml"), &merged.text, root.get_ref());
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
