//! The richer meeting format: every rule `check` adds for its fields (each
//! error with its place, exit code and no file changed), how the minutes
//! show each field in every format and language, the queries over them and
//! their JSON, `new` and `next` with roles and schedule periods, and what
//! the history says of them.

use crate::support::{Archive, CONFIG, MEETING};

const FILE: &str = "meetings/2025/2025-01-28.toml";

/// The test configuration with a roster in both forms: one person with a
/// role, an affiliation and aliases.
fn config() -> String {
    CONFIG.replace(
        "lu = \"Lu Wei\"\n",
        "\n[people.lu]\nname = \"Lu Wei\"\naliases = [\"Lucy\", \"lwei\"]\ngithub = \"luwei\"\n\
         role = \"member\"\naffiliation = \"Open Lab\"\n",
    )
}

/// An archive with that configuration and the test meeting, changed by
/// `edit` (`text` -> the file's text).
fn archive(edit: impl FnOnce(&str) -> String) -> Archive {
    let archive = Archive::new();
    archive.write("minutes.toml", &config());
    archive.write(FILE, &edit(MEETING));
    archive
}

/// `MEETING` with `extra` after its header (before the first item).
fn with_header(extra: &str) -> Archive {
    archive(|m| m.replace("\n[[items]]", &format!("\n{extra}\n[[items]]")))
}

/// `path:line:col` of the first `needle` in the text of `file`.
fn place(archive: &Archive, file: &str, needle: &str) -> String {
    let text = archive.read(file);
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {file}"));
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    format!("{file}:{line}:{column}")
}

// ---- check -------------------------------------------------------------

#[test]
fn every_new_field_of_a_schema_1_file_is_optional() {
    archive(|m| m.to_string())
        .minutes(&["check"])
        .ok()
        .stderr_has("no problems");
}

#[test]
fn an_attendee_who_is_not_in_the_roster_is_an_error_with_a_suggestion() {
    let a = with_header("[[attendees]]\nwho = \"marko\"\n");
    a.refuses(
        &["check"],
        1,
        "`marko` is not in the roster of minutes.toml",
    )
    .stderr_has(&place(&a, FILE, "\"marko\""))
    .stderr_has("did you mean `marco`?");
    // An alias or a name of the roster is pointed to its handle.
    let a = with_header("[[attendees]]\nwho = \"Lucy\"\n");
    a.refuses(&["check"], 1, "`Lucy` is not in the roster")
        .stderr_has("the roster knows \"Lucy\" as `lu`; write the handle: \"lu\"");
}

#[test]
fn an_attendee_is_a_handle_or_a_guest_never_both_nor_neither() {
    let a = with_header("[[attendees]]\nwho = \"lu\"\nname = \"Lu Wei\"\n");
    a.refuses(
        &["check"],
        1,
        "a handle of the roster (`who`) or a guest (`name`), not both",
    )
    .stderr_has(&place(&a, FILE, "\"Lu Wei\""));
    let a = with_header("[[attendees]]\nrole = \"observer\"\n");
    a.refuses(&["check"], 1, "attendee 1 names nobody")
        .stderr_has(
            "add who = \"<handle>\" for a person of the roster, or name = \"...\" for a guest",
        );
}

#[test]
fn nobody_is_listed_twice_between_present_and_attendees() {
    let a = with_header("[[attendees]]\nwho = \"anna\"\nrole = \"member\"\n");
    a.refuses(&["check"], 1, "`anna` is listed twice")
        .stderr_has(&place(&a, FILE, "\"anna\"\nrole"))
        .stderr_has("is listed at `present[0]` already");
    let a = with_header("[[attendees]]\nname = \"Cy Guest\"\n[[attendees]]\nname = \"cy guest\"\n");
    a.refuses(&["check"], 1, "\"cy guest\" is listed twice");
    let a = archive(|m| {
        m.replace(
            "present = [\"anna\", \"marco\"]",
            "present = [\"anna\", \"anna\"]",
        )
    });
    a.refuses(&["check"], 1, "`anna` is listed twice");
}

#[test]
fn a_guest_whom_the_roster_knows_is_a_warning() {
    with_header("[[attendees]]\nname = \"Lu Wei\"\n")
        .minutes(&["check"])
        .ok()
        .stderr_has("warning: the guest \"Lu Wei\" is in the roster as `lu`")
        .stderr_has("write who = \"lu\" instead of name");
}

#[test]
fn a_role_close_to_a_known_one_is_a_warning() {
    let a = with_header("[[attendees]]\nname = \"Cy Guest\"\nrole = \"obsrever\"\n");
    a.minutes(&["check"])
        .ok()
        .stderr_has("warning: \"obsrever\" is not a role the minutes know")
        .stderr_has(&place(&a, FILE, "\"obsrever\""))
        .stderr_has("did you mean \"observer\"?");
    // A role of the group's own words is no problem.
    with_header("[[attendees]]\nname = \"Cy Guest\"\nrole = \"voting member\"\n")
        .minutes(&["check"])
        .ok()
        .stderr_has("no problems");
}

#[test]
fn chairs_and_scribes_in_a_list_are_checked_one_by_one() {
    let a = archive(|m| m.replace("scribe = \"marco\"", "scribe = [\"marco\", \"luu\"]"));
    a.refuses(&["check"], 1, "`luu` is not in the roster")
        .stderr_has(&place(&a, FILE, "\"luu\""))
        .stderr_has("did you mean `lu`?");
    let a = archive(|m| m.replace("chair = \"anna\"", "chair = 3"));
    a.refuses(
        &["check"],
        1,
        "`chair` must be a string or an array, not integer",
    )
    .stderr_has("write it like `chair = \"...\"` or `chair = [\"...\"]`");
}

#[test]
fn a_cancelled_meeting_has_no_notes_and_no_actions() {
    let a = archive(|m| m.replace("status = \"draft\"", "status = \"cancelled\""));
    a.refuses(&["check"], 1, "a cancelled meeting has no notes")
        .stderr_has(&place(&a, FILE, "\"M23 took Goma.\""))
        .stderr_has("a cancelled meeting has no actions")
        .stderr_has(&place(&a, FILE, "[[items.actions]]"))
        .stderr_has("2 errors");
    let a = archive(|m| m.replace("status = \"draft\"", "status = \"canceled\""));
    a.refuses(&["check"], 1, "`status` cannot be \"canceled\"")
        .stderr_has("did you mean \"cancelled\"?");
}

#[test]
fn a_parent_names_another_item_and_makes_no_circle() {
    let items = "\n[[items]]\nid = \"x\"\ntitle = \"X\"\nparent = \"y\"\n\
                 \n[[items]]\nid = \"y\"\ntitle = \"Y\"\nparent = \"x\"\n\
                 \n[[items]]\nid = \"z\"\ntitle = \"Z\"\nparent = \"cong\"\n\
                 \n[[items]]\nid = \"w\"\ntitle = \"W\"\nparent = \"w\"\n";
    let a = archive(|m| format!("{m}{items}"));
    a.refuses(
        &["check"],
        1,
        "the parents of the items go round in a circle: x -> y -> x",
    )
    .stderr_has(&place(&a, FILE, "\"y\"\n"))
    .stderr_has("there is no item `cong` in this meeting")
    .stderr_has("did you mean `congo`?")
    .stderr_has("item `w` names itself as its parent")
    .stderr_has("4 errors");
}

#[test]
fn references_are_owner_repo_number_or_addresses() {
    let a = archive(|m| {
        m.replace(
            "notes = \"M23 took Goma.\"",
            "refs = [\"un/council#2773\", \"https://example.org/r\", \"council#12\"]\nnotes = \"M23 took Goma.\"",
        )
    });
    a.refuses(&["check"], 1, "`council#12` is not an issue reference")
        .stderr_has(&place(&a, FILE, "\"council#12\""))
        .stderr_has("write owner/repo#123, or the whole address starting with https://")
        .stderr_has("1 error");
}

#[test]
fn links_have_a_known_kind_and_an_address() {
    let a = with_header("[[links]]\nkind = \"recordng\"\nurl = \"youtube\"\n");
    a.refuses(&["check"], 1, "`links[0].kind` cannot be \"recordng\"")
        .stderr_has("did you mean \"recording\"?");
    let a = with_header("[[links]]\nkind = \"recording\"\nurl = \"javascript:alert(1)\"\n");
    a.refuses(&["check"], 1, "`javascript:alert(1)` is not a web address")
        .stderr_has(&place(&a, FILE, "\"javascript:"));
}

#[test]
fn a_decision_has_a_known_kind() {
    let a = archive(|m| {
        m.replace(
            "notes = \"M23 took Goma.\"",
            "notes = \"M23 took Goma.\"\ndecisions = [\"Plain\", { text = \"Typed\", kind = \"resolve\" }, 7]",
        )
    });
    a.refuses(
        &["check"],
        1,
        "`items[0].decisions[1].kind` cannot be \"resolve\"",
    )
    .stderr_has(&place(&a, FILE, "\"resolve\""))
    .stderr_has("use one of: decision, resolution, consensus, vote, conclusion")
    .stderr_has("`items[0].decisions[2]` must be a string or a table, not integer");
}

#[test]
fn a_start_time_and_a_last_day_must_make_sense() {
    let a = with_header("start = \"8 am\"\nend_date = 2025-01-27\n");
    a.refuses(&["check"], 1, "`8 am` is not a time of day")
        .stderr_has(&place(&a, FILE, "\"8 am\""))
        .stderr_has("the meeting ends on 2025-01-27, before it begins on 2025-01-28")
        .stderr_has(&place(&a, FILE, "2025-01-27"));
}

#[test]
fn sections_kept_apart_and_undiscussed_decisions_are_warnings() {
    let items = "\n[[items]]\nid = \"b\"\ntitle = \"B\"\nsection = \"Other\"\n\
                 \n[[items]]\nid = \"c\"\ntitle = \"C\"\nsection = \"News\"\ndiscussed = false\ndecisions = [\"Odd\"]\n";
    let a = archive(|m| {
        format!(
            "{}{items}",
            m.replace("id = \"congo\"", "id = \"congo\"\nsection = \"News\"")
        )
    });
    a.minutes(&["check"])
        .ok()
        .stderr_has("the section \"News\" began earlier, and other items came between")
        .stderr_has("item `c` was not discussed, yet has decisions or actions")
        .stderr_has("0 errors, 2 warnings");
}

#[test]
fn aliases_name_one_person_only() {
    let a = Archive::new();
    a.write(
        "minutes.toml",
        &config().replace(
            "aliases = [\"Lucy\", \"lwei\"]",
            "aliases = [\"Lucy\", \"Anna Rossi\"]",
        ),
    );
    a.refuses(
        &["check"],
        1,
        "the alias \"Anna Rossi\" of `lu` is the name of `anna` too",
    )
    .stderr_has(&place(&a, "minutes.toml", "\"Anna Rossi\"]"))
    .stderr_has("an alias names one person only");
    a.write(
        "minutes.toml",
        &config().replace(
            "aliases = [\"Lucy\", \"lwei\"]",
            "aliases = [\"Lucy\", \"marco\"]",
        ),
    );
    a.refuses(
        &["check"],
        1,
        "the alias \"marco\" of `lu` is the handle of `marco` too",
    );
    let mut two = config().replace("aliases = [\"Lucy\", \"lwei\"]", "aliases = [\"Lucy\"]");
    two.push_str("\n[people.lucia]\nname = \"Lucia Bianchi\"\naliases = [\"lucy\"]\n");
    a.write("minutes.toml", &two);
    a.refuses(
        &["check"],
        1,
        "the alias \"lucy\" of `lucia` is an alias of `lu` too",
    );
    a.write(
        "minutes.toml",
        &config().replace("[people.lu]\nname", "[people.lu]\nnmae"),
    );
    a.refuses(&["check"], 1, "unknown key `people.lu.nmae`")
        .stderr_has("did you mean `name`?")
        .stderr_has("missing key `people.lu.name`");
}

#[test]
fn schedule_periods_must_not_overlap() {
    let a = Archive::new();
    let periods = "\n[[series.tuesday.periods]]\nfrom = 2024-01-01\nuntil = 2024-12-31\non = \"monday\"\n\
                   \n[[series.tuesday.periods]]\nfrom = 2024-06-01\non = \"wednesday\"\n\
                   \n[[series.tuesday.periods]]\nfrom = 2025-06-01\nuntil = 2025-05-01\n\
                   \n[[series.tuesday.periods]]\nfrom = 2025-07-01\nat = \"25:00\"\n";
    let text = config().replace("\n[people]", &format!("{periods}\n[people]"));
    a.write("minutes.toml", &text);
    a.refuses(&["check"], 1, "series `tuesday`: periods 1 and 2 overlap: one lasts until 2024-12-31, the other begins on 2024-06-01")
        .stderr_has(&place(&a, "minutes.toml", "2024-12-31"))
        .stderr_has("series `tuesday`: period 3 ends on 2025-05-01, before it begins on 2025-06-01")
        .stderr_has("series `tuesday`: `25:00` is not a time of day")
        .stderr_has(&place(&a, "minutes.toml", "\"25:00\""))
        .stderr_has("3 errors");
    a.refuses(&["next"], 1, "periods 1 and 2 overlap");
}

#[test]
fn a_meeting_off_its_period_s_schedule_is_a_warning_that_says_why() {
    let a = Archive::new();
    let period =
        "\n[[series.tuesday.periods]]\nfrom = 2025-01-15\non = \"wednesday\"\nat = \"18:00\"\n";
    a.write(
        "minutes.toml",
        &config().replace("\n[people]", &format!("{period}\n[people]")),
    );
    a.write(FILE, MEETING);
    a.minutes(&["check"])
        .ok()
        .stderr_has("warning: 2025-01-28 is not on the schedule of series `tuesday`: from 2025-01-15 it meets every week on wednesday at 18:00")
        .stderr_has("or give the series a period in minutes.toml");
    // On its period's day it is on the schedule, and renders at its time.
    let moved = MEETING.replace("2025-01-28", "2025-01-29");
    std::fs::remove_file(a.path(FILE)).unwrap();
    a.write("meetings/2025/2025-01-29.toml", &moved);
    a.minutes(&["check"]).ok().stderr_has("no problems");
    a.minutes(&["render", "2025-01-29", "-t", "minutes"])
        .ok()
        .stdout_has("**Time:** 18:00–20:00 (CET)");
}

#[test]
fn a_forge_is_an_address_or_a_pattern() {
    let a = Archive::new();
    let text = config().replace(
        "timezone = \"Europe/Rome\"",
        "timezone = \"Europe/Rome\"\nforge = \"codeberg.org\"",
    );
    a.write("minutes.toml", &text);
    a.refuses(&["check"], 1, "`codeberg.org` is not a forge address")
        .stderr_has(&place(&a, "minutes.toml", "\"codeberg.org\""));
    a.write(
        "minutes.toml",
        &text.replace(
            "\"codeberg.org\"",
            "\"https://git.example.org/{repo}/issues\"",
        ),
    );
    a.refuses(
        &["check"],
        1,
        "names {repo} (owner/name) and {number} once each",
    );
}

// ---- render ------------------------------------------------------------

/// A meeting with every new field, in the small test archive.
fn rich() -> Archive {
    let a = Archive::new();
    a.write(
        "minutes.toml",
        &config().replace(
            "timezone = \"Europe/Rome\"",
            "timezone = \"Europe/Rome\"\nforge = \"https://codeberg.org\"",
        ),
    );
    a.write(
        FILE,
        r#"schema = 1
date = 2025-01-28
end_date = 2025-01-29
start = "09:30"
status = "final"
chair = ["anna", "lu"]
scribe = "marco"
present = ["anna"]
preamble = "Dial-in: see the **calendar**."
postscript = "Next call: 4 February."

[[attendees]]
who = "lu"
note = "left early"
[[attendees]]
who = "marco"
role = "observer"
[[attendees]]
name = "Dana <b>Guest</b>"
role = "invited"
affiliation = "Elsewhere"

[[links]]
kind = "recording"
url = "https://video.example.org/r/1"
[[links]]
kind = "minutes-doc"
url = "https://notes.example.org/1"
label = "Working notes"

[[items]]
id = "congo"
title = "The situation in Congo"
section = "World"
refs = ["un/council#2773", "https://example.org/report"]
notes = "M23 took Goma."
decisions = ["Keep following it.", { text = "Adopt the statement.", kind = "resolution" }]

[[items]]
id = "goma"
title = "Goma after the fall"
parent = "congo"
notes = "Aid is blocked."

[[items]]
id = "chips"
title = "Chips"
section = "Technology"
discussed = false
"#,
    );
    a
}

fn minutes(a: &Archive, format: &str, lang: &str) -> String {
    a.minutes(&[
        "render",
        "2025-01-28",
        "-t",
        "minutes",
        "-f",
        format,
        "--lang",
        lang,
    ])
    .ok()
    .stdout
}

#[test]
fn the_markdown_minutes_show_every_new_field() {
    let out = minutes(&rich(), "md", "en");
    for text in [
        "- **Date:** Tuesday, 28 January 2025 to Wednesday, 29 January 2025",
        "- **Time:** 09:30–11:30 (CET)",
        "- **Chairs:** Anna Rossi, Lu Wei",
        "- **Scribe:** Marco Bellini",
        "- **Present:** Anna Rossi\n- **Members:** Lu Wei (Open Lab; left early)\n- **Observers:** Marco Bellini\n- **Invited:** Dana &lt;b&gt;Guest&lt;/b&gt; (Elsewhere)",
        "- **Links:** [Recording](https://video.example.org/r/1), [Working notes](https://notes.example.org/1)",
        "Dial-in: see the **calendar**.\n\n## Agenda",
        "**World**\n\n1. [The situation in Congo](#congo)\n   - 1.1 [Goma after the fall](#goma)\n\n**Technology**\n\n2. [Chips](#chips) *(not discussed)*",
        "## World\n\n<a id=\"congo\"></a>\n### 1. The situation in Congo",
        "*References:* [un/council#2773](https://codeberg.org/un/council/issues/2773), [https://example.org/report](https://example.org/report)",
        "#### Decisions\n\n- Keep following it.\n- **Resolution:** Adopt the statement.",
        "#### 1.1. Goma after the fall",
        "### 2. Chips *(not discussed)*",
        "---\n\nNext call: 4 February.\n\n## Summary",
        "- **Resolution:** Adopt the statement. ([The situation in Congo](#congo))",
    ] {
        assert!(out.contains(text), "lacks {text:?}\n{out}");
    }
}

#[test]
fn the_html_minutes_show_every_new_field_escaped() {
    let out = minutes(&rich(), "html", "en");
    for text in [
        "<dt>Date</dt><dd>Tuesday, 28 January 2025 to Wednesday, 29 January 2025</dd>",
        "<dt>Chairs</dt><dd>Anna Rossi, Lu Wei</dd>",
        "<dt>Members</dt><dd><a href=\"https:&#x2f;&#x2f;github.com&#x2f;luwei\">Lu Wei</a> (Open Lab; left early)</dd>",
        "<dt>Invited</dt><dd>Dana &lt;b&gt;Guest&lt;&#x2f;b&gt; (Elsewhere)</dd>",
        ">Working notes</a></dd>",
        "<div class=\"preamble\">\n<p>Dial-in: see the <strong>calendar</strong>.</p>",
        "<h3>World</h3>\n<ol>\n<li><a href=\"#congo\">The situation in Congo</a>\n<ol>\n<li><a href=\"#goma\">Goma after the fall</a></li>\n</ol>\n</li>\n</ol>",
        "<h3>Technology</h3>\n<ol start=\"2\">",
        "<h2 class=\"section\">World</h2>",
        "<h3>1. The situation in Congo</h3>",
        "<p class=\"meta\">References: <a href=\"https:&#x2f;&#x2f;codeberg.org&#x2f;un&#x2f;council&#x2f;issues&#x2f;2773\">un&#x2f;council#2773</a>",
        "<li><strong>Resolution:</strong> Adopt the statement.</li>",
        "<h4>1.1. Goma after the fall</h4>",
        "<h3>2. Chips <span class=\"badge\">not discussed</span></h3>",
        "<div class=\"postscript\">\n<p>Next call: 4 February.</p>",
    ] {
        assert!(out.contains(text), "lacks {text:?}\n{out}");
    }
    crate::render::assert_inert(&out, "rich minutes");
}

#[test]
fn the_text_minutes_show_every_new_field() {
    let out = minutes(&rich(), "txt", "en");
    for text in [
        "Date: Tuesday, 28 January 2025 to Wednesday, 29 January 2025",
        "Chairs: Anna Rossi, Lu Wei",
        "Members: Lu Wei (Open Lab; left early)",
        "Invited: Dana <b>Guest</b> (Elsewhere)",
        "Links:\n- Recording <https://video.example.org/r/1>\n- Working notes <https://notes.example.org/1>",
        "Dial-in: see the calendar.",
        "World:\n1. The situation in Congo\n   1.1. Goma after the fall\n\nTechnology:\n2. Chips (not discussed)",
        "World\n=====\n\n1. The situation in Congo",
        "References: un/council#2773, https://example.org/report",
        "- Resolution: Adopt the statement.",
        "1.1. Goma after the fall\n~~~~~~~~~~~~~~~~~~~~~~~~",
        "2. Chips (not discussed)\n------------------------",
        "Next call: 4 February.",
    ] {
        assert!(out.contains(text), "lacks {text:?}\n{out}");
    }
}

/// The rich meeting with a translation of its title into German and
/// Italian, so that its pages are framed in those languages.
fn translated() -> Archive {
    let a = rich();
    a.write(
        "meetings/2025/2025-01-28.de.toml",
        "schema = 1\ntitle = \"Die Sitzung\"\n",
    );
    a.write(
        "meetings/2025/2025-01-28.it.toml",
        "schema = 1\ntitle = \"La riunione\"\n",
    );
    a
}

#[test]
fn the_new_phrases_exist_in_german_and_italian() {
    let a = translated();
    let de = minutes(&a, "md", "de");
    for text in [
        "Dienstag, 28. Januar 2025 bis Mittwoch, 29. Januar 2025",
        "**Mitglieder:** Lu Wei",
        "**Beobachtende:** Marco Bellini",
        "**Eingeladen:** Dana",
        "[Aufzeichnung](",
        "*(nicht behandelt)*",
        "*Verweise:*",
        "**Resolution:** Adopt",
    ] {
        assert!(de.contains(text), "lacks {text:?}\n{de}");
    }
    let it = minutes(&a, "md", "it");
    for text in [
        "da martedì 28 gennaio 2025 a mercoledì 29 gennaio 2025",
        "**Membri:** Lu Wei",
        "**Osservatori:** Marco Bellini",
        "**Invitati:** Dana",
        "[Registrazione](",
        "*(non discusso)*",
        "*Riferimenti:*",
        "**Risoluzione:** Adopt",
    ] {
        assert!(it.contains(text), "lacks {text:?}\n{it}");
    }
}

#[test]
fn a_cancelled_meeting_renders_as_a_one_line_notice() {
    let a = Archive::new();
    a.write(
        FILE,
        "schema = 1\ndate = 2025-01-28\nstatus = \"cancelled\"\n\n[[items]]\ntitle = \"Planned\"\n",
    );
    a.minutes(&["check"]).ok();
    let md = a
        .minutes(&["render", "2025-01-28", "-t", "minutes"])
        .ok()
        .stdout;
    assert_eq!(
        md,
        "# Tuesday teleconference — Minutes of 28 January 2025\n\nThe call of Tuesday, 28 January 2025 was cancelled.\n"
    );
    let txt = a
        .minutes(&[
            "render",
            "2025-01-28",
            "-t",
            "minutes",
            "-f",
            "txt",
            "--lang",
            "de",
        ])
        .ok()
        .stdout;
    assert!(
        txt.ends_with("\n\nDie Telefonkonferenz vom Dienstag, 28. Januar 2025 wurde abgesagt.\n"),
        "{txt}"
    );
    let html = a
        .minutes(&[
            "render",
            "2025-01-28",
            "-t",
            "minutes",
            "-f",
            "html",
            "--lang",
            "it",
        ])
        .ok()
        .stdout;
    assert!(
        html.contains(
            "<p>La teleconferenza di martedì 28 gennaio 2025 è stata annullata.</p>\n</article>"
        ),
        "{html}"
    );
    assert!(!html.contains("Planned"));
}

#[test]
fn the_article_leaves_out_undiscussed_items_links_and_attendees() {
    let a = rich();
    for format in ["md", "html", "txt"] {
        let out = a
            .minutes(&["render", "2025-01-28", "-f", format])
            .ok()
            .stdout;
        assert!(out.contains("Congo"), "{out}");
        for absent in ["Chips", "video.example.org", "Dana", "Lu Wei", "Open Lab"] {
            assert!(
                !out.contains(absent),
                "the {format} article shows {absent:?}:\n{out}"
            );
        }
    }
}

#[test]
fn the_rich_html_minutes_pass_the_nu_checker() {
    let Some(jar) = crate::render::nu_checker("the_rich_html_minutes_pass_the_nu_checker") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for lang in ["en", "de", "it"] {
        let path = dir.path().join(format!("rich.{lang}.html"));
        std::fs::write(&path, minutes(&translated(), "html", lang)).unwrap();
        files.push(path);
    }
    crate::render::assert_nu_valid(&jar, &files);
}

// ---- queries -----------------------------------------------------------

#[test]
fn attendance_counts_roles_affiliations_and_guests() {
    let a = rich();
    let rows = a.minutes(&["attendance", "--json"]).ok().json();
    let lu = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["handle"] == "lu")
        .unwrap();
    assert_eq!(
        lu,
        &serde_json::json!({"handle": "lu", "name": "Lu Wei", "guest": false, "roles": ["member"],
            "affiliations": ["Open Lab"], "present": 1, "regrets": 0, "meetings": 1, "share": 1.0})
    );
    assert!(rows.as_array().unwrap().iter().all(|r| r["guest"] == false));
    let rows = a.minutes(&["attendance", "--guests", "--json"]).ok().json();
    let guest = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["guest"] == true)
        .unwrap();
    assert_eq!(guest["handle"], serde_json::Value::Null);
    assert_eq!(guest["name"], "Dana <b>Guest</b>");
    assert_eq!(guest["roles"], serde_json::json!(["invited"]));
    let rows = a
        .minutes(&["attendance", "--role", "Observer", "--json"])
        .ok()
        .json();
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Marco Bellini"]);
    a.minutes(&["attendance", "--guests"])
        .ok()
        .stdout_has("NAME")
        .stdout_has("ROLE")
        .stdout_has("AFFILIATION")
        .stdout_has("Dana <b>Guest</b> (guest)  invited");
    a.minutes(&["attendance", "--role", "chair"])
        .ok()
        .stderr_has("nobody came with the role `chair`");
}

#[test]
fn decisions_show_and_filter_their_kind() {
    let a = rich();
    let all = a.minutes(&["decisions", "--json"]).ok().json();
    let kinds: Vec<&serde_json::Value> =
        all.as_array().unwrap().iter().map(|d| &d["kind"]).collect();
    assert_eq!(
        kinds,
        [&serde_json::Value::Null, &serde_json::json!("resolution")]
    );
    let resolutions = a
        .minutes(&["decisions", "--kind", "resolution", "--json"])
        .ok()
        .json();
    assert_eq!(resolutions.as_array().unwrap().len(), 1);
    assert_eq!(resolutions[0]["text"], "Adopt the statement.");
    // A plain decision is of the kind `decision`.
    let plain = a
        .minutes(&["decisions", "--kind", "decision", "--json"])
        .ok()
        .json();
    assert_eq!(plain[0]["text"], "Keep following it.");
    a.minutes(&["decisions"])
        .ok()
        .stdout_has("  - resolution: Adopt the statement.");
    a.refuses(
        &["decisions", "--kind", "resolve"],
        2,
        "there is no kind of decision `resolve`",
    )
    .stderr_has("use one of: decision, resolution, consensus, vote, conclusion");
}

#[test]
fn refs_lists_every_reference_with_its_meetings() {
    let a = rich();
    a.write(
        "meetings/2025/2025-02-04.toml",
        "schema = 1\ndate = 2025-02-04\nstatus = \"final\"\n\n[[items]]\ntitle = \"Congo again\"\nrefs = [\"https://codeberg.org/un/council/issues/2773\"]\ndiscussed = false\n",
    );
    let all = a.minutes(&["refs", "--json"]).ok().json();
    let keys: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ref"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["un/council#2773", "https://example.org/report"]);
    let one = a
        .minutes(&[
            "refs",
            "https://codeberg.org/un/council/issues/2773",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(
        one,
        serde_json::json!({
            "ref": "un/council#2773", "url": "https://codeberg.org/un/council/issues/2773",
            "meetings": 2, "discussed": 1, "first": "2025-01-28", "last": "2025-02-04",
            "cited": [
                {"meeting": "2025-01-28", "date": "2025-01-28", "item": "congo",
                 "item_title": "The situation in Congo", "private": false, "discussed": true},
                {"meeting": "2025-02-04", "date": "2025-02-04", "item": "congo-again",
                 "item_title": "Congo again", "private": false, "discussed": false}
            ]
        })
    );
    a.minutes(&["refs", "un/council#2773"])
        .ok()
        .stdout_has("2025-01-28  The situation in Congo\n")
        .stdout_has("2025-02-04  Congo again  listed, not discussed");
    let listing = a.minutes(&["refs"]).ok().stdout;
    let rows: Vec<Vec<&str>> = listing
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["REF", "DISCUSSED", "LISTED", "LAST"],
            vec!["un/council#2773", "1", "2", "2025-02-04"],
            vec!["https://example.org/report", "1", "1", "2025-01-28"],
        ]
    );
    a.refuses(
        &["refs", "un/council#2774"],
        1,
        "no meeting refers to un/council#2774",
    )
    .stderr_has("did you mean `un/council#2773`?");
    a.refuses(
        &["refs", "council"],
        2,
        "`council` is not an issue reference",
    );
    // References are not sources.
    let sources = a.minutes(&["sources", "--json"]).ok().json();
    assert_eq!(sources, serde_json::json!([]));
}

#[test]
fn search_covers_the_preamble_the_postscript_and_references() {
    let a = rich();
    let hits = |q: &str| -> Vec<(String, String)> {
        let json = a.minutes(&["search", q, "--json"]).ok().json();
        json.as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["item"].as_str().unwrap().to_string(),
                    h["field"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(hits("calendar"), [(String::new(), "preamble".to_string())]);
    assert_eq!(
        hits("february"),
        [(String::new(), "postscript".to_string())]
    );
    assert_eq!(
        hits("un/council#2773"),
        [("congo".to_string(), "ref".to_string())]
    );
    a.minutes(&["search", "calendar"])
        .ok()
        .stdout_has("(preamble)");
}

// ---- new, next, show ---------------------------------------------------

#[test]
fn new_lists_the_attendees_with_their_roles_when_the_roster_has_roles() {
    let a = Archive::new();
    a.write("minutes.toml", &config());
    a.minutes(&["new"]).ok().stdout_has("2025-03-11");
    let text = a.read("meetings/2025/2025-03-11.toml");
    assert!(
        text.contains("# Who came: strike out whoever did not (or move them to regrets);\n# add a guest as [[attendees]] with name = \"...\", role and affiliation.\n[[attendees]]\nwho = \"lu\"\nrole = \"member\"\naffiliation = \"Open Lab\"\n"),
        "{text}"
    );
    assert!(!text.contains("present"), "{text}");
    a.minutes(&["check"]).ok().stderr_has("no problems");
    // Without roles, the draft keeps the plain list.
    let plain = Archive::new();
    plain.minutes(&["new"]).ok();
    assert!(
        plain
            .read("meetings/2025/2025-03-11.toml")
            .contains("present = []")
    );
}

#[test]
fn new_and_next_follow_the_schedule_periods() {
    let a = Archive::new();
    let periods = "\n[[series.tuesday.periods]]\nfrom = 2025-03-10\nuntil = 2025-03-31\non = \"thursday\"\nat = \"18:00\"\n\
                   \n[[series.tuesday.periods]]\nfrom = 2025-04-01\nevery = \"month\"\non = \"first monday\"\n";
    a.write(
        "minutes.toml",
        &CONFIG.replace("\n[people]", &format!("{periods}\n[people]")),
    );
    let next = a.minutes(&["next", "-n", "5", "--json"]).ok().json();
    let dates: Vec<(&str, &str)> = next
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["date"].as_str().unwrap(), o["starts"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2025-03-13", "2025-03-13T18:00:00+01:00"),
            ("2025-03-20", "2025-03-20T18:00:00+01:00"),
            ("2025-03-27", "2025-03-27T18:00:00+01:00"),
            ("2025-04-07", "2025-04-07T21:00:00+02:00"),
            ("2025-05-05", "2025-05-05T21:00:00+02:00"),
        ]
    );
    a.minutes(&["new"]).ok().stdout_has("2025-03-13");
    a.refuses(&["new", "2025-03-11"], 1, "2025-03-11 is not on the schedule of series `tuesday` (from 2025-03-10 it meets every week on thursday at 18:00); the next date on it is 2025-03-13")
        .stderr_has("pass --force");
}

#[test]
fn show_prints_the_new_fields() {
    rich()
        .minutes(&["show", "2025-01-28"])
        .ok()
        .stdout_has("    when: 2025-01-28 to 2025-01-29")
        .stdout_has("   chair: Anna Rossi, Lu Wei")
        .stdout_has("attended: Lu Wei [left early], Marco Bellini [observer], Dana <b>Guest</b> (guest) [invited, Elsewhere]")
        .stdout_has("    link: recording https://video.example.org/r/1")
        .stdout_has("  Dial-in: see the **calendar**.")
        .stdout_has("World")
        .stdout_has("2. Goma after the fall  (part of congo)  goma")
        .stdout_has("3. Chips  (not discussed)  chips")
        .stdout_has("   refs: un/council#2773, https://example.org/report")
        .stdout_has("   decided: resolution: Adopt the statement.");
}

// ---- the index ----------------------------------------------------------

/// `args` gives the same output through the index and without it, cold and
/// warm, in a git repository (where the index lives).
#[test]
fn the_new_fields_answer_the_same_with_and_without_the_index() {
    let a = rich();
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(a.root())
        .status()
        .unwrap();
    assert!(git.success());
    // Files written a moment ago are not trusted by the index: age them.
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in a.files().keys() {
        let file = std::fs::File::options()
            .write(true)
            .open(a.root().join(path))
            .unwrap();
        file.set_modified(hour_ago).unwrap();
    }
    for args in [
        &["attendance", "--guests", "--json"][..],
        &["attendance", "--role", "observer", "--json"],
        &["decisions", "--kind", "resolution", "--json"],
        &["refs", "--json"],
        &["refs", "un/council#2773", "--json"],
        &["search", "calendar", "--json"],
        &["search", "un/council#2773", "--json"],
        &["show", "2025-01-28", "--json"],
        &["list", "--json"],
    ] {
        for _ in 0..2 {
            let with = a.minutes(args).ok().stdout;
            let mut plain = vec!["--no-index"];
            plain.extend_from_slice(args);
            let without = a.minutes(&plain).ok().stdout;
            assert_eq!(with, without, "{args:?} differs with the index");
        }
    }
    a.minutes(&["-v", "list"])
        .ok()
        .stderr_has("index of meetings warm");
    // An index of the previous format version (one without the new fields)
    // is rebuilt, not misread.
    let path = a.path(".git/minutes/meetings.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let version = u32::from_le_bytes(bytes[16..20].try_into().unwrap());
    bytes[16..20].copy_from_slice(&(version - 1).to_le_bytes());
    std::fs::write(&path, &bytes).unwrap();
    a.minutes(&["-v", "refs", "--json"])
        .ok()
        .stderr_has("rebuilt (not an index of this version)")
        .stdout_has("un/council#2773");
}

// ---- history -------------------------------------------------------------

#[test]
fn commit_diff_and_blame_speak_of_the_new_fields() {
    let a = archive(|m| m.to_string());
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(a.root())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q", "-b", "main"]);
    a.minutes(&["commit", "-m", "Start the minutes"]).ok();
    let edited = MEETING
        .replace(
            "present = [\"anna\", \"marco\"]",
            "present = [\"anna\", \"marco\"]\n\n[[attendees]]\nname = \"Dana Guest\"\n\n\
             [[links]]\nkind = \"recording\"\nurl = \"https://video.example.org/r/1\"\n",
        )
        .replace(
            "notes = \"M23 took Goma.\"",
            "notes = \"M23 took Goma.\"\ndiscussed = false",
        );
    a.write(FILE, &edited);
    a.minutes(&["diff", "2025-01-28"])
        .ok()
        .stdout_has("+ guest \"Dana Guest\" added")
        .stdout_has("+ recording link added: https://video.example.org/r/1")
        .stdout_has("    discussed: [-true-] {+false+}");
    a.minutes(&["commit"]).ok();
    // Too much for one subject line: counted there, said in the body.
    let message = git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("2025-01-28: 1 item edited, 1 attendee changed, 1 link changed\n"),
        "{message}"
    );
    for line in [
        "guest \"Dana Guest\" added",
        "recording link added: https://video.example.org/r/1",
        "item \"congo\": marked not discussed",
    ] {
        assert!(message.contains(line), "lacks {line:?}:\n{message}");
    }
    let blame = a.minutes(&["blame", "2025-01-28", "--json"]).ok().json();
    let parts: Vec<&str> = blame
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["part"].as_str().unwrap())
        .collect();
    assert!(
        parts.contains(&"attendees") && parts.contains(&"links"),
        "{parts:?}"
    );
}
