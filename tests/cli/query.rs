//! Questions across meetings: actions, carry-over, topics, decisions,
//! sources, search, attendance, and their JSON shapes.

use crate::support::{Archive, CONFIG};

/// Four actions agreed on 7 January: one done, one dropped, one done and
/// then reopened, one never reviewed (and late).
const AGREED: &str = r#"schema = 1
date = 2025-01-07
status = "final"
chair = "anna"
scribe = "marco"
present = ["anna", "marco"]
regrets = ["lu"]

[[items]]
id = "congo"
title = "The situation in Congo"
tags = ["congo", "africa"]
notes = "The M23 took Goma."
decisions = ["Follow the fighting around Goma."]

[[items.actions]]
id = "a1"
owner = "lu"
task = "Collect the figures"
due = 2025-01-14

[[items.actions]]
id = "a2"
owner = "marco"
task = "Set up a bibliography"

[[items.actions]]
id = "a3"
owner = "anna"
task = "Write the summary"
due = 2025-01-21

[[items.actions]]
id = "a4"
owner = "lu"
task = "Map the front line"
due = 2025-01-10
"#;

const REVIEWED: &str = r#"schema = 1
date = 2025-01-14
status = "final"
chair = "anna"
scribe = "marco"
present = ["anna", "lu"]
regrets = ["marco"]

[[items]]
id = "budget"
title = "Budget"
private = true
tags = ["group"]
notes = "The server costs 180 euros."

[[updates]]
action = "2025-01-07#a1"
status = "done"
note = "Figures on the list."

[[updates]]
action = "2025-01-07#a2"
status = "dropped"
note = "Not needed."

[[updates]]
action = "2025-01-07#a3"
status = "done"
note = "Sent."
"#;

const REOPENED: &str = r#"schema = 1
date = 2025-01-21
status = "draft"
chair = "anna"
scribe = "marco"
present = ["anna", "marco", "lu"]

[[items]]
id = "kongo"
title = "Kongo, martedì"
lead = "a look at the red line"
tags = ["congo"]
notes = """
The red
line was crossed; a line, red with blood.
"""

[[items.sources]]
title = "Rwanda does a Putin in Congo"
publisher = "The Economist"
kind = "article"

[[items.sources]]
title = "Why Chinese AI Has Stunned the World."
publisher = "The Economist"
kind = "article"

[[updates]]
action = "2025-01-07#a3"
status = "open"
note = "The summary missed the February figures."
"#;

const LATER: &str = r#"schema = 1
date = 2025-01-28
status = "final"
chair = "anna"
scribe = "marco"
present = ["anna"]

[[items]]
id = "ai"
title = "DeepSeek"
tags = ["ai"]

[[items.sources]]
title = "why chinese AI has stunned the world"
publisher = "The Economist"
kind = "article"
year = 2025

[[items.sources]]
title = "The Cathedral and the Bazaar"
author = "Eric S. Raymond"
kind = "book"
"#;

fn archive() -> Archive {
    let archive = Archive::empty();
    archive.write("minutes.toml", CONFIG);
    archive.write("meetings/2025/2025-01-07.toml", AGREED);
    archive.write("meetings/2025/2025-01-14.toml", REVIEWED);
    archive.write("meetings/2025/2025-01-21.toml", REOPENED);
    archive.write("meetings/2025/2025-01-28.toml", LATER);
    archive
}

fn action<'a>(list: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["reference"] == reference)
        .unwrap_or_else(|| panic!("no {reference} in {list:#}"))
}

#[test]
fn the_fold_applies_done_dropped_and_reopened_in_date_order() {
    let archive = archive();
    archive.minutes(&["check"]).ok();
    let all = archive.minutes(&["actions", "--all", "--json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 4);
    let a1 = action(&all, "2025-01-07#a1");
    assert_eq!(a1["status"], "done");
    assert_eq!(a1["note"], "Figures on the list.");
    assert_eq!(a1["updated"], "2025-01-14");
    assert_eq!(a1["overdue"], false);
    assert_eq!(action(&all, "2025-01-07#a2")["status"], "dropped");
    let a3 = action(&all, "2025-01-07#a3");
    assert_eq!(a3["status"], "open", "done, then reopened");
    assert_eq!(a3["note"], "The summary missed the February figures.");
    assert_eq!(
        a3["reviews"], 1,
        "reviewed open on the 14th; reopened when done"
    );
    let a4 = action(&all, "2025-01-07#a4");
    assert_eq!(
        (a4["status"].as_str(), a4["reviews"].as_u64()),
        (Some("open"), Some(0))
    );
    assert_eq!(a4["overdue"], true);

    let open = archive.minutes(&["actions", "--json"]).ok().json();
    let refs: Vec<_> = open
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference"].clone())
        .collect();
    assert_eq!(refs, ["2025-01-07#a3", "2025-01-07#a4"]);
    let overdue = archive
        .minutes(&["actions", "--overdue", "--json"])
        .ok()
        .json();
    assert_eq!(
        overdue.as_array().unwrap().len(),
        2,
        "both open actions are past due on 5 March"
    );
    let lu = archive
        .minutes(&["actions", "--all", "--owner", "lu", "--json"])
        .ok()
        .json();
    assert_eq!(lu.as_array().unwrap().len(), 2);
}

#[test]
fn the_actions_json_has_its_documented_shape() {
    let run = archive().minutes(&["actions", "--all", "--json"]).ok();
    let first = &run.json()[0];
    for key in [
        "reference",
        "meeting",
        "date",
        "item",
        "item_title",
        "task",
        "owner",
        "due",
        "status",
        "reviews",
        "updated",
        "note",
        "overdue",
    ] {
        assert!(first.get(key).is_some(), "no {key} in {first:#}");
    }
    assert_eq!(first["item"], "congo");
    assert_eq!(first["due"], "2025-01-14");
}

#[test]
fn actions_show_a_table_with_status_and_last_note() {
    let run = archive().minutes(&["actions", "--all"]).ok();
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("2025-01-07#a3"))
        .unwrap();
    assert!(
        row.contains("overdue") && row.contains("Anna Rossi") && row.contains("Write the summary"),
        "{row}"
    );
    let done = run
        .stdout
        .lines()
        .find(|l| l.starts_with("2025-01-07#a1"))
        .unwrap();
    assert!(
        done.contains("done") && done.contains("Lu Wei") && done.contains("2025-01-14"),
        "{done}"
    );
    run.stdout_has("↳ The summary missed the February figures.")
        .stdout_has("4 actions: 2 open, 2 overdue");
}

#[test]
fn an_update_to_an_unknown_action_is_an_error_of_check_and_ignored_by_actions() {
    let archive = archive();
    let broken =
        LATER.to_string() + "\n[[updates]]\naction = \"2025-01-07#a9\"\nstatus = \"done\"\n";
    archive.write("meetings/2025/2025-01-28.toml", &broken);
    archive
        .refuses(&["check"], 1, "1 error")
        .stderr_has("meeting 2025-01-07 has no action `a9`")
        .stderr_has("meetings/2025/2025-01-28.toml:");
    let all = archive.minutes(&["actions", "--all", "--json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 4);
}

#[test]
fn an_unknown_owner_is_refused_with_a_suggestion() {
    archive()
        .refuses(
            &["actions", "--owner", "anan"],
            1,
            "nobody called `anan` owns an action",
        )
        .stderr_has("did you mean `anna`?");
}

#[test]
fn new_carries_the_open_actions_and_not_the_closed_ones() {
    let archive = archive();
    // A draft of a later call: its actions and updates are not earlier than
    // the new meeting, so they must not count.
    archive.write(
        "meetings/2025/2025-03-25.toml",
        "schema = 1\ndate = 2025-03-25\nstatus = \"agenda\"\n\n[[items]]\ntitle = \"Later\"\n\n[[items.actions]]\nid = \"a1\"\ntask = \"Not yet agreed\"\n\n[[updates]]\naction = \"2025-01-07#a4\"\nstatus = \"done\"\n",
    );
    let run = archive.minutes(&["new"]).ok();
    assert_eq!(run.stdout.trim(), "2025-03-11");
    run.stderr_has("2 open actions to review");
    let text = archive.read("meetings/2025/2025-03-11.toml");
    for carried in ["2025-01-07#a3", "2025-01-07#a4"] {
        assert!(text.contains(&format!("action = \"{carried}\"")), "{text}");
    }
    for closed in ["2025-01-07#a1", "2025-01-07#a2", "2025-03-25#a1"] {
        assert!(!text.contains(closed), "{closed} carried:\n{text}");
    }
    assert!(text.contains("# Write the summary\n[[updates]]"), "{text}");
    assert!(text.contains("# Map the front line\n[[updates]]"), "{text}");

    // The file parses, and a later edit keeps the comments.
    let shown = archive
        .minutes(&["show", "2025-03-11", "--json"])
        .ok()
        .json();
    let updates = shown["meeting"]["updates"].as_array().unwrap();
    assert_eq!(updates.len(), 2);
    assert!(updates.iter().all(|u| u["status"] == "open"));
    archive
        .minutes(&["agenda", "add", "Congo", "--meeting", "2025-03-11"])
        .ok();
    let edited = archive.read("meetings/2025/2025-03-11.toml");
    assert!(
        edited.contains("# Write the summary\n[[updates]]"),
        "{edited}"
    );
    assert!(edited.contains("title = \"Congo\""), "{edited}");

    // The scribe of the 28th records that the front line was mapped after
    // all: the placeholder of the agenda must not reopen it, and the next
    // draft does not carry it again.
    let closed = LATER.to_string()
        + "\n[[updates]]\naction = \"2025-01-07#a4\"\nstatus = \"done\"\nnote = \"Map sent.\"\n";
    archive.write("meetings/2025/2025-01-28.toml", &closed);
    std::fs::remove_file(archive.path("meetings/2025/2025-03-25.toml")).unwrap();
    let open = archive.minutes(&["actions", "--json"]).ok().json();
    assert_eq!(open.as_array().unwrap().len(), 1, "{open:#}");
    assert_eq!(open[0]["reference"], "2025-01-07#a3");
    assert_eq!(archive.minutes(&["new"]).ok().stdout.trim(), "2025-03-25");
    let next = archive.read("meetings/2025/2025-03-25.toml");
    assert!(next.contains("action = \"2025-01-07#a3\""), "{next}");
    assert!(!next.contains("2025-01-07#a4"), "{next}");
}

#[test]
fn an_extra_call_reviews_what_was_open_on_its_date() {
    // On 10 January nothing agreed on the 7th had been reviewed yet; the
    // updates of the 14th and the 21st lie after it.
    let archive = archive();
    archive.minutes(&["new", "2025-01-10", "--force"]).ok();
    let text = archive.read("meetings/2025/2025-01-10.toml");
    for action in ["a1", "a2", "a3", "a4"] {
        assert!(
            text.contains(&format!("action = \"2025-01-07#{action}\"")),
            "{text}"
        );
    }
    let shown = archive
        .minutes(&["show", "2025-01-10", "--json"])
        .ok()
        .json();
    assert_eq!(shown["meeting"]["updates"].as_array().unwrap().len(), 4);
}

#[test]
fn topics_count_meetings_and_items() {
    let archive = archive();
    let topics = archive.minutes(&["topics", "--json"]).ok().json();
    assert_eq!(
        topics[0],
        serde_json::json!({"tag": "congo", "meetings": 2, "items": 2, "first": "2025-01-07", "last": "2025-01-21"})
    );
    let run = archive.minutes(&["topics"]).ok();
    assert!(
        run.stdout.lines().nth(1).unwrap().starts_with("congo"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_topic_gives_its_dossier_in_date_order() {
    let archive = archive();
    let dossier = archive.minutes(&["topic", "congo", "--json"]).ok().json();
    assert_eq!(dossier["tag"], "congo");
    assert_eq!(dossier["meetings"], 2);
    let entries = dossier["entries"].as_array().unwrap();
    let dates: Vec<_> = entries
        .iter()
        .map(|e| e["meeting"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-01-07", "2025-01-21"]);
    for key in [
        "meeting",
        "date",
        "meeting_title",
        "item",
        "title",
        "lead",
        "presenter",
        "tags",
        "private",
        "notes",
        "decisions",
        "sources",
        "actions",
    ] {
        assert!(
            entries[0].get(key).is_some(),
            "no {key} in {:#}",
            entries[0]
        );
    }
    assert_eq!(entries[0]["actions"][2]["status"], "open");
    assert_eq!(entries[1]["sources"][0]["publisher"], "The Economist");
    let run = archive.minutes(&["topic", "congo"]).ok();
    run.stdout_has("#congo")
        .stdout_has("decided: Follow the fighting around Goma.")
        .stdout_has("[overdue] Map the front line");
}

#[test]
fn an_unknown_topic_is_refused_with_a_suggestion() {
    archive()
        .refuses(&["topic", "cnogo"], 1, "no item is tagged `cnogo`")
        .stderr_has("did you mean `congo`?");
    archive()
        .refuses(
            &["decisions", "--tag", "afrika"],
            1,
            "no item is tagged `afrika`",
        )
        .stderr_has("did you mean `africa`?");
}

#[test]
fn decisions_are_listed_with_meeting_and_item() {
    let archive = archive();
    let list = archive.minutes(&["decisions", "--json"]).ok().json();
    assert_eq!(
        list,
        serde_json::json!([{
            "meeting": "2025-01-07", "date": "2025-01-07", "item": "congo",
            "item_title": "The situation in Congo", "tags": ["congo", "africa"],
            "private": false, "text": "Follow the fighting around Goma.", "kind": null
        }])
    );
    let later = archive
        .minutes(&["decisions", "--since", "2025-01-08", "--json"])
        .ok()
        .json();
    assert_eq!(later, serde_json::json!([]));
    archive
        .minutes(&["decisions", "--tag", "africa"])
        .ok()
        .stdout_has("Follow the fighting around Goma.");
    archive.refuses(
        &["decisions", "--since", "yesterday"],
        2,
        "`yesterday` is not a date",
    );
}

#[test]
fn sources_count_the_same_source_once() {
    let archive = archive();
    let list = archive.minutes(&["sources", "--json"]).ok().json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "{list:#?}");
    let economist: Vec<_> = list
        .iter()
        .filter(|s| s["publisher"] == "The Economist")
        .collect();
    assert_eq!(economist.len(), 2, "two articles of one publisher stay two");
    let stunned = economist
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("Why"))
        .unwrap();
    let cited: Vec<_> = stunned["cited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["meeting"].clone())
        .collect();
    assert_eq!(cited, ["2025-01-21", "2025-01-28"]);
    assert_eq!(stunned["year"], 2025, "filled in from the fuller citation");
    assert_eq!(stunned["cited"][0]["item"], "kongo");
    assert!(stunned["cited"][0].get("item_title").is_some());
    let books = archive
        .minutes(&["sources", "--kind", "Book", "--json"])
        .ok()
        .json();
    assert_eq!(books[0]["title"], "The Cathedral and the Bazaar");
    assert_eq!(books.as_array().unwrap().len(), 1);
    archive
        .minutes(&["sources"])
        .ok()
        .stdout_has("cited: 2025-01-21 kongo, 2025-01-28 ai");
}

fn hits(archive: &Archive, args: &[&str]) -> Vec<String> {
    let mut full = vec!["search", "--json"];
    full.extend_from_slice(args);
    let run = archive.minutes(&full).ok();
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}/{}",
                h["meeting"].as_str().unwrap(),
                h["item"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn search_ignores_case_and_accents() {
    let archive = archive();
    assert_eq!(hits(&archive, &["goma"]), ["2025-01-07/congo"]);
    assert_eq!(hits(&archive, &["GOMA"]), ["2025-01-07/congo"]);
    assert_eq!(hits(&archive, &["kongo"]), ["2025-01-21/kongo"]);
    assert_eq!(hits(&archive, &["martedi"]), ["2025-01-21/kongo"]);
    assert_eq!(hits(&archive, &["MARTEDÌ"]), ["2025-01-21/kongo"]);
}

#[test]
fn search_needs_every_word_within_one_item() {
    let archive = archive();
    assert_eq!(
        hits(&archive, &["goma", "figures"]),
        ["2025-01-07/congo"],
        "notes and an action"
    );
    assert!(
        hits(&archive, &["goma", "martedi"]).is_empty(),
        "words of two items"
    );
    assert_eq!(
        hits(&archive, &["economist"]),
        ["2025-01-21/kongo", "2025-01-28/ai"]
    );
}

#[test]
fn search_matches_a_quoted_phrase_as_a_phrase() {
    let archive = archive();
    archive.write(
        "meetings/2025/2025-01-28.toml",
        &(LATER.to_string().replace(
            "title = \"DeepSeek\"",
            "title = \"DeepSeek\"\nnotes = \"A line that is red.\"",
        )),
    );
    assert_eq!(
        hits(&archive, &["\"red line\""]),
        ["2025-01-21/kongo"],
        "across a line break"
    );
    assert_eq!(
        hits(&archive, &["red", "line"]),
        ["2025-01-21/kongo", "2025-01-28/ai"]
    );
    assert!(hits(&archive, &["\"line red\""]).is_empty());
}

#[test]
fn search_shows_a_snippet_and_marks_private_items() {
    let archive = archive();
    let run = archive.minutes(&["search", "server"]).ok();
    run.stdout_has("2025-01-14  Budget  (budget, notes)  [private]")
        .stdout_has("    The server costs 180 euros.");
    let json = archive.minutes(&["search", "--json", "goma"]).ok().json();
    let hit = &json[0];
    for key in [
        "meeting",
        "date",
        "item",
        "item_title",
        "private",
        "field",
        "snippet",
        "highlights",
    ] {
        assert!(hit.get(key).is_some(), "no {key} in {hit:#}");
    }
    assert_eq!(hit["field"], "notes");
    assert_eq!(hit["snippet"], "The M23 took Goma.");
    assert_eq!(hit["highlights"], serde_json::json!([[13, 17]]));
    assert_eq!(
        archive.minutes(&["search", "--json", "server"]).ok().json()[0]["private"],
        true
    );
}

#[test]
fn search_highlights_matches_on_a_terminal() {
    let archive = archive();
    let run = archive
        .minutes(&["--color", "always", "search", "goma"])
        .ok();
    assert!(run.stdout.contains("\u{1b}["), "{:?}", run.stdout);
    let plain = archive.minutes(&["search", "goma"]).ok();
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "NO_COLOR is set: {:?}",
        plain.stdout
    );
}

#[test]
fn search_can_read_a_translation() {
    let archive = archive();
    archive.write(
        "meetings/2025/2025-01-07.de.toml",
        "schema = 1\n\n[items.congo]\ntitle = \"Die Lage im Kongo\"\nnotes = \"Die M23 hat Goma eingenommen.\"\n",
    );
    assert_eq!(
        hits(&archive, &["--lang", "de", "eingenommen"]),
        ["2025-01-07/congo"]
    );
    assert!(hits(&archive, &["eingenommen"]).is_empty());
    archive.refuses(
        &["search", "--lang", "german", "goma"],
        2,
        "`german` is not a language tag",
    );
}

#[test]
fn an_empty_query_is_refused() {
    archive().refuses(&["search", "\"\""], 2, "the query is empty");
}

#[test]
fn attendance_counts_the_meetings_held() {
    let archive = archive();
    let rows = archive.minutes(&["attendance", "--json"]).ok().json();
    assert_eq!(
        rows[0],
        serde_json::json!({"handle": "anna", "name": "Anna Rossi", "guest": false, "roles": [],
            "affiliations": [], "present": 4, "regrets": 0, "meetings": 4, "share": 1.0})
    );
    let lu = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["handle"] == "lu")
        .unwrap();
    assert_eq!(
        (lu["present"].as_u64(), lu["regrets"].as_u64()),
        (Some(2), Some(1))
    );
    let since = archive
        .minutes(&["attendance", "--since", "2025-01-21", "--json"])
        .ok()
        .json();
    assert_eq!(since[0]["meetings"], 2);
    archive
        .minutes(&["attendance"])
        .ok()
        .stdout_has("Anna Rossi")
        .stdout_has("100%")
        .stdout_has("4 meetings held");
    archive.refuses(&["attendance", "--since", "2025-13-01"], 2, "is not a date");
}

#[test]
fn the_sample_archive_answers_the_questions() {
    let sample = Archive::sample();
    let all = sample.minutes(&["actions", "--all"]).ok();
    all.stdout_has("done").stdout_has("open");
    let topics = sample.minutes(&["topics", "--json"]).ok().json();
    assert!(
        topics
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["tag"] == "congo" && t["meetings"].as_u64() > Some(3))
    );
    let dossier = sample.minutes(&["topic", "congo", "--json"]).ok().json();
    let dates: Vec<_> = dossier["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let goma = sample.minutes(&["search", "--json", "goma"]).ok().json();
    assert!(
        goma.as_array()
            .unwrap()
            .iter()
            .any(|h| h["meeting"] == "2025-01-28" && h["item"] == "congo")
    );
    let sources = sample.minutes(&["sources", "--json"]).ok().json();
    let stunned: Vec<_> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["title"].as_str().unwrap().to_lowercase() == "why chinese ai has stunned the world"
        })
        .collect();
    assert_eq!(stunned.len(), 1);
    assert_eq!(stunned[0]["cited"].as_array().unwrap().len(), 2);
}

#[test]
fn an_action_never_reviewed_is_open() {
    let archive = Archive::new();
    let open = archive.minutes(&["actions", "--json"]).ok().json();
    assert_eq!(open[0]["reference"], "2025-01-28#a1");
    assert_eq!(open[0]["status"], "open");
    assert_eq!(open[0]["overdue"], false, "no due date, never overdue");
    assert_eq!(hits(&archive, &["goma"]), ["2025-01-28/congo"]);
}
