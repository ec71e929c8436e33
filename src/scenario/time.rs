//! UTC timestamps as scenario files and the command line write them, via hifitime.

use hifitime::{Epoch, TimeScale};

/// Years a timestamp may name: the calendar the time library converts without loss.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Parses an ISO 8601 UTC timestamp, strictly `YYYY-MM-DDTHH:MM:SS` with up to nine decimals of
/// the second and a closing `Z`, such as `1965-03-18T08:34:51Z`: another time scale (`TT`,
/// `TAI`) or an offset would move the instant, so it is refused, not converted.
pub fn parse_utc(text: &str) -> Result<Epoch, String> {
    let t = text.trim();
    let Some(body) = t.strip_suffix('Z') else {
        return Err(
            "it must end in Z (UTC); other time scales and offsets are not accepted".into(),
        );
    };
    let (date, time) = body
        .split_once('T')
        .ok_or("expected a date, T, and a time of day")?;
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let d: Vec<&str> = date.split('-').collect();
    let c: Vec<&str> = clock.split(':').collect();
    let shaped = matches!(d.as_slice(), [y, m, dd] if digits(y, 4) && digits(m, 2) && digits(dd, 2))
        && matches!(c.as_slice(), [h, mi, s] if digits(h, 2) && digits(mi, 2) && digits(s, 2))
        && (time.find('.').is_none() || (1..=9).contains(&fraction.len()))
        && fraction.bytes().all(|b| b.is_ascii_digit());
    if !shaped {
        return Err(
            "expected YYYY-MM-DDTHH:MM:SS, with at most nine decimals of the second".into(),
        );
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let (year, month, day) = (number(d[0]) as i32, number(d[1]), number(d[2]));
    let (hour, minute, second) = (number(c[0]), number(c[1]), number(c[2]));
    if !YEARS.contains(&year) {
        return Err(format!(
            "year {year} is outside {} to {}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("{date} is not a date"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(format!(
            "{clock} is not a time of day (00:00:00 to 23:59:59)"
        ));
    }
    let nanos = format!("{fraction:0<9}").parse::<u32>().unwrap_or(0);
    Ok(Epoch::from_gregorian_utc(
        year,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
        nanos,
    ))
}

/// Days in `month` (1 to 12) of `year`, Gregorian.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
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
