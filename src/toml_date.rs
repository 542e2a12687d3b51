//! TOML dates (`date = 2025-01-28`, unquoted) into chrono dates.
//!
//! A TOML date is not a string, so chrono's own serde support cannot read it;
//! these functions read `toml::value::Datetime` and convert. The shape check
//! has already made sure the values are plain dates.

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::Deserializer;
use toml::value::Datetime;

fn convert<E: serde::de::Error>(dt: Datetime) -> Result<NaiveDate, E> {
    let date = dt
        .date
        .filter(|_| dt.time.is_none())
        .ok_or_else(|| E::custom(format!("`{dt}` is not a date")))?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
        .ok_or_else(|| E::custom(format!("{dt} is not a day of the calendar")))
}

// Binary formats (the archive index) are not human-readable: there a date is
// what chrono's own serde support wrote.

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    if !d.is_human_readable() {
        return NaiveDate::deserialize(d);
    }
    convert(Datetime::deserialize(d)?)
}

pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    if !d.is_human_readable() {
        return Option::<NaiveDate>::deserialize(d);
    }
    Option::<Datetime>::deserialize(d)?.map(convert).transpose()
}

pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    if !d.is_human_readable() {
        return Vec::<NaiveDate>::deserialize(d);
    }
    Vec::<Datetime>::deserialize(d)?
        .into_iter()
        .map(convert)
        .collect()
}
