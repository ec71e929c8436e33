//! UTC timestamps as scenario files and the command line write them, via hifitime.

use hifitime::{Epoch, TimeScale};

/// Parses an ISO 8601 UTC timestamp such as `1965-03-18T08:34:51Z`.
pub fn parse_utc(text: &str) -> Result<Epoch, String> {
    let trimmed = text.trim();
    if trimmed.len() < 10 || !trimmed.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return Err("expected a date and time".into());
    }
    Epoch::from_gregorian_str(trimmed).map_err(|e| e.to_string())
}

/// Parses `HH:MM:SS` as a time of day on the UTC date of `day`.
pub fn parse_time_of_day(text: &str, day: Epoch) -> Result<Epoch, String> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return Err(format!("\"{text}\" is not HH:MM:SS"));
    };
    let hour: u8 = h
        .parse()
        .map_err(|_| format!("\"{text}\": hour is not a number"))?;
    let minute: u8 = m
        .parse()
        .map_err(|_| format!("\"{text}\": minute is not a number"))?;
    let second: f64 = s
        .parse()
        .map_err(|_| format!("\"{text}\": second is not a number"))?;
    if hour > 23 || minute > 59 || !(0.0..60.0).contains(&second) {
        return Err(format!(
            "\"{text}\" is not a time of day (00:00:00 to 23:59:59)"
        ));
    }
    let (year, month, date, ..) = day.to_gregorian(TimeScale::UTC);
    let whole = second.floor();
    let nanos = ((second - whole) * 1e9).round() as u32;
    Ok(Epoch::from_gregorian_utc(
        year,
        month,
        date,
        hour,
        minute,
        whole as u8,
        nanos,
    ))
}

/// `HH:MM:SS` of a UTC epoch, rounded down to the second.
pub fn format_hms(epoch: Epoch) -> String {
    let (_, _, _, h, m, s, _) = epoch.to_gregorian(TimeScale::UTC);
    format!("{h:02}:{m:02}:{s:02}")
}

/// ISO 8601 UTC with milliseconds, for telemetry: `1965-03-18T08:34:51.000Z`.
pub fn format_iso_millis(epoch: Epoch) -> String {
    let (y, mo, d, h, mi, s, ns) = epoch.to_gregorian(TimeScale::UTC);
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
        ns / 1_000_000
    )
}

/// Julian date (UTC) of an epoch, for the orbit and Sun formulae.
pub fn julian_date_utc(epoch: Epoch) -> f64 {
    epoch.to_jde_utc_days()
}
