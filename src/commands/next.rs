//! `minutes next`: the coming dates of the series, skips applied.

use chrono::{Datelike, Duration};
use serde::Serialize;

use super::Global;
use crate::error::Result;
use crate::schedule::weekday_name;
use crate::ui::{self, BOLD, DIM, paint};

/// One coming call; also its JSON shape.
#[derive(Serialize)]
struct Occurrence {
    series: String,
    date: chrono::NaiveDate,
    weekday: &'static str,
    starts: String,
    ends: String,
    timezone: String,
    /// The id of the meeting file, when it has been drafted already.
    meeting: Option<String>,
    #[serde(skip)]
    local: String,
}

pub fn run(global: &Global, count: usize, series: Option<&str>) -> Result<()> {
    let archive = global.archive()?;
    let config = &archive.config;
    let today = archive.today()?;
    let names: Vec<&str> = match series {
        Some(name) => vec![config.series_named(Some(name))?.0],
        None => config.series.keys().map(String::as_str).collect(),
    };
    let ids = archive.ids()?;
    let mut rows = Vec::new();
    for name in names {
        let (name, _, schedule) = config.series_named(Some(name))?;
        let default = config.default_series() == Some(name);
        for date in schedule.occurrences(today).take(count) {
            let id = crate::id::MeetingId::for_series(date, name, default);
            let start = schedule.starts_at(date);
            rows.push(Occurrence {
                series: name.to_string(),
                date,
                weekday: weekday_name(date.weekday()),
                starts: start.to_rfc3339(),
                ends: (start + Duration::minutes(schedule.duration_minutes(date))).to_rfc3339(),
                timezone: config.archive.timezone.clone(),
                meeting: ids.contains(&id).then(|| id.to_string()),
                local: start.format("%H:%M %Z").to_string(),
            });
        }
    }
    rows.sort_by(|a, b| a.starts.cmp(&b.starts));
    rows.truncate(count);
    if global.json {
        return ui::print_json(&rows);
    }
    let mut out = String::new();
    for row in &rows {
        let drafted = row
            .meeting
            .as_deref()
            .map(|id| format!("  drafted as {id}"))
            .unwrap_or_default();
        let zone = paint(DIM, format!("{} ({})", row.timezone, row.series));
        out.push_str(&format!(
            "{}  {:<9}  {}  {zone}{drafted}\n",
            paint(BOLD, row.date),
            capitalize(row.weekday),
            row.local
        ));
    }
    ui::print(&out)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
