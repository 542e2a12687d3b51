//! Every bad input a user can meet: a clear message that names the file and
//! place, a non-zero exit, and no file changed.

use crate::support::{Archive, MEETING};

const FILE: &str = "meetings/2025/2025-01-28.toml";

/// An archive whose one meeting file holds `text`.
fn with_meeting(text: &str) -> Archive {
    let archive = Archive::new();
    archive.write(FILE, text);
    archive
}

#[test]
fn a_command_outside_any_archive_says_to_run_init() {
    let archive = Archive::empty();
    archive
        .refuses(&["list"], 1, "no minutes archive here")
        .stderr_has("minutes init");
    archive.refuses(&["check"], 1, "no minutes archive here");
}

#[test]
fn a_toml_syntax_error_is_located() {
    let archive = with_meeting(&MEETING.replace("status = \"draft\"", "status = \"draft"));
    archive
        .refuses(&["check"], 1, &format!("{FILE}:3:16"))
        .stderr_has("3 | status = \"draft");
    archive.refuses(&["show", "2025-01-28"], 1, FILE);
}

#[test]
fn an_unknown_key_gets_a_suggestion() {
    let archive =
        with_meeting(&MEETING.replace("title = \"The situation", "titel = \"The situation"));
    let run = archive.refuses(&["check"], 1, "unknown key `items[0].titel`");
    run.stderr_has(&format!("{FILE}:10:1"))
        .stderr_has("did you mean `title`?")
        .stderr_has("missing key `items[0].title`");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = MEETING
        .replace("chair = ", "chiar = ")
        .replace("scribe = ", "scirbe = ");
    let run = with_meeting(&text).refuses(&["check"], 1, "did you mean `chair`?");
    run.stderr_has("did you mean `scribe`?")
        .stderr_has("2 errors");
}

#[test]
fn a_value_of_the_wrong_type_is_named() {
    let archive =
        with_meeting(&MEETING.replace("present = [\"anna\", \"marco\"]", "present = \"anna\""));
    archive
        .refuses(&["check"], 1, "`present` must be an array, not string")
        .stderr_has(&format!("{FILE}:6:11"));
}

#[test]
fn an_impossible_date_is_refused() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-02-28.toml",
        &MEETING.replace("2025-01-28", "2025-02-30"),
    );
    archive
        .refuses(&["check"], 1, "meetings/2025/2025-02-28.toml:2:8")
        .stderr_has("day between 01 and 28");
    archive.refuses(
        &["show", "2025-02-30"],
        2,
        "2025-02-30 is not a day of the calendar",
    );
}

#[test]
fn a_date_that_disagrees_with_the_file_name() {
    let archive = with_meeting(&MEETING.replace("date = 2025-01-28", "date = 2025-01-21"));
    archive
        .refuses(
            &["check"],
            1,
            "the date 2025-01-21 disagrees with the file name 2025-01-28",
        )
        .stderr_has(&format!("{FILE}:2:8"));
}

#[test]
fn a_date_written_as_a_string_is_explained() {
    let archive = with_meeting(&MEETING.replace("date = 2025-01-28", "date = \"2025-01-28\""));
    archive
        .refuses(&["check"], 1, "must be a TOML date, not a string")
        .stderr_has("unquoted");
}

#[test]
fn duplicate_item_and_action_ids() {
    let text = format!(
        "{MEETING}\n[[items]]\nid = \"congo\"\ntitle = \"Congo again\"\n\n[[items.actions]]\nid = \"a1\"\ntask = \"Again\"\n"
    );
    let run = with_meeting(&text).refuses(&["check"], 1, "duplicate item id `congo`");
    run.stderr_has("duplicate action id `a1`")
        .stderr_has(&format!("{FILE}:19:6"));
}

#[test]
fn item_ids_derived_from_titles_must_be_unique_too() {
    let text = format!("{MEETING}\n[[items]]\ntitle = \"Congo\"\n\n[[items]]\ntitle = \"congo\"\n");
    with_meeting(&text)
        .refuses(&["check"], 1, "duplicate item id `congo`")
        .stderr_has("give one of them `id = ");
}

#[test]
fn an_unknown_series() {
    let archive = with_meeting(&MEETING.replace("status =", "series = \"tuesdya\"\nstatus ="));
    archive
        .refuses(&["check"], 1, "unknown series `tuesdya`")
        .stderr_has("did you mean \"tuesday\"?");
}

#[test]
fn a_person_missing_from_the_roster() {
    let archive = with_meeting(&MEETING.replace("owner = \"lu\"", "owner = \"luu\""));
    archive
        .refuses(&["check"], 1, "`luu` is not in the roster")
        .stderr_has("did you mean `lu`?")
        .stderr_has(&format!("{FILE}:15:9"));
}

#[test]
fn an_invalid_schedule_is_reported_key_by_key() {
    let archive = Archive::new();
    let config = crate::support::CONFIG
        .replace("every = \"week\"", "every = \"fortnight\"")
        .replace("on = \"tuesday\"", "on = \"fifth tuesday\"")
        .replace("Europe/Rome", "Europe/Roma");
    archive.write("minutes.toml", &config);
    let run = archive.refuses(&["check"], 1, "unknown time zone `Europe/Roma`");
    run.stderr_has("`fortnight` is not a recurrence")
        .stderr_has("`fifth tuesday` is not a day every month has")
        .stderr_has("minutes.toml:8:9")
        .stderr_has("minutes.toml:9:6");
    archive.refuses(&["list"], 1, "unknown time zone");
}

#[test]
fn the_language_of_the_archive_must_be_a_language_tag() {
    let archive = Archive::new();
    let config = crate::support::CONFIG.replace("language = \"en\"", "language = \"English\"");
    archive.write("minutes.toml", &config);
    archive
        .refuses(&["check"], 1, "`English` is not a language tag")
        .stderr_has("minutes.toml:3:12")
        .stderr_has("help: use the tag of the language the minutes are written in");
    archive.refuses(
        &["render", "2025-01-28"],
        1,
        "`English` is not a language tag",
    );
}

#[test]
fn ids_that_could_escape_the_archive_are_refused() {
    let archive = Archive::new();
    for bad in [
        "../../etc/passwd",
        "/etc/passwd",
        "2025-01-28/../../x",
        "2025-01-28.toml",
        "*",
    ] {
        archive.refuses(&["show", bad], 2, "is not a meeting id");
        archive.refuses(&["check", bad], 2, "is not a meeting id");
        archive.refuses(&["edit", bad], 2, "is not a meeting id");
        archive.refuses(
            &["agenda", "add", "X", "--meeting", bad],
            2,
            "is not a meeting id",
        );
    }
}

#[test]
fn an_empty_file() {
    with_meeting("\n  \n")
        .refuses(&["check"], 1, "the file is empty")
        .stderr_has(FILE);
}

#[test]
fn a_file_that_is_not_utf8() {
    let archive = Archive::new();
    let mut bytes = MEETING.as_bytes().to_vec();
    bytes.splice(44..44, [0xff, 0xfe]);
    archive.write_bytes(FILE, &bytes);
    archive
        .refuses(&["check"], 1, "not valid UTF-8")
        .stderr_has(&format!("{FILE}:3:"))
        .stderr_has("UTF-8 encoding");
}

#[test]
fn a_file_with_merge_conflict_markers() {
    let text = MEETING.replace("notes = \"M23 took Goma.\"", "notes = \"\"\"\n<<<<<<< HEAD\nM23 took Goma.\n=======\nM23 entered Goma.\n>>>>>>> other\n\"\"\"");
    // Inside the notes the file is still TOML: the conflict is named by
    // field and item, once, at its first marker.
    let run = with_meeting(&text).refuses(
        &["check"],
        1,
        "conflict in the notes of item \"congo\": resolve, then commit",
    );
    run.stderr_has(&format!("{FILE}:12:1"))
        .stderr_has("delete the marker lines");
    // Markers between the lines of the file (a merge of lines) break the
    // TOML: each marker line is reported.
    let text = MEETING.replace(
        "status = \"draft\"\n",
        "<<<<<<< HEAD\nstatus = \"draft\"\n=======\nstatus = \"final\"\n>>>>>>> other\n",
    );
    with_meeting(&text)
        .refuses(&["check"], 1, "unresolved merge-conflict marker")
        .stderr_has(&format!("{FILE}:3:1"))
        .stderr_has(&format!("{FILE}:5:1"))
        .stderr_has(&format!("{FILE}:7:1"));
}

#[test]
fn a_value_that_a_merge_left_in_conflict() {
    let text = MEETING.replace(
        "title = \"The situation in Congo\"",
        "title = { merge-conflict = \"changed on both sides: keep one value\", ours = \"Congo\", theirs = \"The Congo\" }",
    );
    with_meeting(&text)
        .refuses(&["check"], 1, &format!("{FILE}:10:9"))
        .stderr_has("conflict in the title of item \"congo\": resolve, then commit")
        .stderr_has("ours = \"Congo\" is this copy's, theirs = \"The Congo\" the other side's");
}

#[test]
fn an_update_of_an_action_that_does_not_exist() {
    let archive = Archive::new();
    let later = "schema = 1\ndate = 2025-02-04\nstatus = \"draft\"\n\n[[updates]]\naction = \"2025-01-28#a9\"\nstatus = \"done\"\n";
    archive.write("meetings/2025/2025-02-04.toml", later);
    archive
        .refuses(&["check"], 1, "meeting 2025-01-28 has no action `a9`")
        .stderr_has("meetings/2025/2025-02-04.toml:6:10");
}

#[test]
fn a_published_meeting_needs_a_publication_date() {
    let archive = with_meeting(&MEETING.replace("\"draft\"", "\"published\""));
    archive
        .refuses(
            &["check"],
            1,
            "a published meeting needs a publication date",
        )
        .stderr_has("[publication]");
}

#[test]
fn a_status_that_does_not_exist() {
    let archive = with_meeting(&MEETING.replace("\"draft\"", "\"drfat\""));
    archive
        .refuses(&["check"], 1, "`status` cannot be \"drfat\"")
        .stderr_has("did you mean \"draft\"?");
    archive.refuses(
        &["list", "--status", "done"],
        2,
        "there is no status `done`",
    );
}

#[test]
fn check_json_lists_every_diagnostic() {
    let archive = with_meeting(&MEETING.replace("chair = ", "chiar = "));
    let run = archive.minutes(&["check", "--json"]).fails(1);
    let json = run.json();
    assert_eq!(json["errors"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["file"], FILE);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["help"], "did you mean `chair`?");
}

#[test]
fn warnings_do_not_fail_check() {
    let archive = with_meeting(&MEETING.replace("[[items]]", "[[items]]\ntimebox = 150"));
    archive
        .minutes(&["check"])
        .ok()
        .stderr_has("timeboxes add up to 150 minutes")
        .stderr_has("0 errors, 1 warning");
}

#[test]
fn a_meeting_file_in_the_wrong_folder() {
    let archive = Archive::new();
    archive.write(
        "meetings/2024/2025-02-04.toml",
        &MEETING.replace("2025-01-28", "2025-02-04"),
    );
    archive
        .refuses(&["check"], 1, "in the wrong folder")
        .stderr_has("move it to meetings/2025/2025-02-04.toml");
}

#[test]
fn an_overlay_that_translates_a_missing_item() {
    let archive = Archive::new();
    archive.write(
        "meetings/2025/2025-01-28.de.toml",
        "schema = 1\n[items.kongo]\ntitle = \"Die Lage im Kongo\"\n",
    );
    archive
        .refuses(&["check"], 1, "meeting 2025-01-28 has no item `kongo`")
        .stderr_has("did you mean `congo`?");
}

/// A value on the command line that cannot be right is refused by the
/// argument parser: exit 2, what is wrong, what is valid, nothing read or
/// changed.
#[test]
fn every_bad_value_on_the_command_line_is_a_usage_error_that_says_what_is_valid() {
    const DATE: (&str, &str) = ("is not a date", "write the date as YYYY-MM-DD");
    const MEETING_ID: (&str, &str) = ("is not a meeting id", "`latest` and `next`");
    const LANG: (&str, &str) = ("is not a language tag", "de, it, pt-BR");
    let cases: &[(&[&str], (&str, &str))] = &[
        (&["new", "2025-3-1x"], DATE),
        (&["new", "2025-02-30"], DATE),
        (
            &["new", "+12025-02-04"],
            ("is outside the years 0000 to 9999", "four-digit year"),
        ),
        (&["redate", "2025-01-28", "tomorrow"], DATE),
        (&["decisions", "--since", "yesterday"], DATE),
        (&["attendance", "--since", "2025-13-01"], DATE),
        (&["show", "newest"], MEETING_ID),
        (&["edit", "2025-01-28.toml"], MEETING_ID),
        (&["blame", "../x"], MEETING_ID),
        (&["log", "2025-01-2"], MEETING_ID),
        (&["diff", "2025-01-28-Board"], MEETING_ID),
        (&["render", "2025/01/28"], MEETING_ID),
        (&["check", "2025-01-28", "first"], MEETING_ID),
        (&["commit", "previous"], MEETING_ID),
        (&["redate", "old", "2025-02-04"], MEETING_ID),
        (
            &["agenda", "add", "Budget", "--meeting", "soon"],
            MEETING_ID,
        ),
        (
            &["render", "2025-01-28", "--format", "pdf"],
            ("there is no format `pdf`", "md, html, txt"),
        ),
        (
            &["render", "2025-01-28", "--template", "../article"],
            (
                "there is no template `../article`",
                "article, minutes, agenda, dossier",
            ),
        ),
        (
            &["list", "--status", "closed"],
            (
                "there is no status `closed`",
                "agenda, draft, final, published",
            ),
        ),
        (&["render", "2025-01-28", "--lang", "german"], LANG),
        (&["search", "goma", "--lang", "de/x"], LANG),
        (&["init", "--language", "EN"], LANG),
        (
            &["init", "--series", "Board"],
            ("`Board` is not a valid series name", "e.g. `board`"),
        ),
        (
            &["agenda", "add", "Budget", "--id", "Budget 2025"],
            ("`Budget 2025` is not a valid item id", "e.g. `budget-2025`"),
        ),
        (
            &["--color", "sometimes", "list"],
            ("invalid value 'sometimes'", "auto, always, never"),
        ),
    ];
    let archive = Archive::new();
    for (args, (wrong, valid)) in cases {
        archive
            .refuses(args, 2, wrong)
            .stderr_has("invalid value")
            .stderr_has(valid);
    }
    archive
        .refuses(
            &["diff", "2025-01-28", "HEAD~2", "HEAD~1", "HEAD"],
            2,
            "unexpected value 'HEAD' for '[REV]...'",
        )
        .stderr_has("Usage: minutes diff [OPTIONS] <MEETING> [REV]...");
    // An archive's own kind of report passes the parser; whether the
    // archive has it is known only when it renders.
    archive
        .refuses(
            &["render", "2025-01-28", "-t", "letter"],
            2,
            "there is no template `letter`",
        )
        .stderr_has("the templates for md are:");
}

#[test]
fn translations_in_minutes_toml_are_keyed_by_language_tags() {
    let archive = Archive::new();
    let config = crate::support::CONFIG.replace(
        "name = \"Tuesday teleconference\"\n",
        "name = \"Tuesday teleconference\"\nnames = { Deutsch = \"Dienstagskonferenz\" }\n",
    ) + "\n[publication]\nlanguages = [\"de\", \"German\"]\npaper = \"A3\"\n\n[tags.ai]\nEnglish = \"AI\"\n";
    archive.write("minutes.toml", &config);
    let at = |needle: &str| {
        let offset = config.find(needle).unwrap();
        let line = config[..offset].lines().count() + usize::from(config[..offset].ends_with('\n'));
        let column = offset - config[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("minutes.toml:{line}:{column}")
    };
    archive
        .refuses(&["check"], 1, "`Deutsch` is not a language tag")
        .stderr_has(&at("\"Dienstagskonferenz\""))
        .stderr_has("`German` is not a language tag")
        .stderr_has(&at("\"German\""))
        .stderr_has("list the languages the meetings are published in")
        .stderr_has("there is no paper \"A3\"")
        .stderr_has("help: use one of: A4, letter")
        .stderr_has("`English` is not a language tag")
        .stderr_has(&at("\"AI\""))
        .stderr_has("the keys of a translation are language tags");
    archive.refuses(&["render", "2025-01-28"], 1, "there is no paper \"A3\"");
}
