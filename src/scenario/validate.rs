//! Semantic checks of a parsed scenario: ranges, units, time order, references between sections.

use hifitime::Epoch;

use super::error::FieldProblem;
use super::locate::locate;
use super::schema::*;
use super::time::parse_utc;

/// Longest window a scenario may simulate, seconds: 26 hours, the whole flight from launch to
/// landing (a design bound on a run's length; the orbit's model, two-body with J2's drift, holds
/// that long).
pub const MAX_WINDOW_S: f64 = 26.0 * 3600.0;
/// Step rates accepted, Hz (the schema's documented range; a design bound).
const STEP_HZ: (f64, f64) = (30.0, 1000.0);

/// Collects every problem in a scenario, each with its position in the text.
pub struct Checker<'a> {
    source: &'a str,
    problems: Vec<FieldProblem>,
}

impl<'a> Checker<'a> {
    /// A checker for the given source text.
    pub fn new(source: &'a str) -> Self {
        Self {
            source,
            problems: Vec::new(),
        }
    }

    /// The problems found so far.
    pub fn into_problems(self) -> Vec<FieldProblem> {
        self.problems
    }

    /// Records a problem at `field`.
    pub fn problem(&mut self, field: &str, message: String) {
        let at = locate(self.source, field);
        self.problems.push(FieldProblem {
            field: field.to_string(),
            line: at.map_or(1, |p| p.line),
            column: at.map_or(1, |p| p.column),
            message,
        });
    }

    /// Checks `min <= value <= max`; NaN and infinities fail.
    pub fn range(&mut self, field: &str, value: f64, min: f64, max: f64, unit: &str) {
        if !(value.is_finite() && value >= min && value <= max) {
            let shown = if value.is_nan() {
                "NaN".to_string()
            } else {
                format!("{value}")
            };
            self.problem(
                field,
                format!("{shown} {unit} is out of range; accepted range is {min} to {max} {unit}"),
            );
        }
    }

    /// Checks `min <= value <= max` where a bound comes from another field: the message names
    /// the relation the value breaks.
    pub fn related(
        &mut self,
        field: &str,
        value: f64,
        (min, max): (f64, f64),
        unit: &str,
        why: &str,
    ) {
        // Bounds derived from other fields print to a micrometre's worth, not to the last bit.
        let (min, max) = (tidy(min), tidy(max));
        if min > max {
            self.problem(
                field,
                format!(
                    "{value} {unit} cannot fit: {why}, which allows at most {max} {unit}, below \
                     the least accepted {min} {unit}"
                ),
            );
        } else if !(value.is_finite() && value >= min && value <= max) {
            self.problem(
                field,
                format!(
                    "{value} {unit} is out of range; accepted range is {min} to {max} {unit}: {why}"
                ),
            );
        }
    }

    /// Checks every component of a vector for `|c| <= limit`.
    pub fn vector(&mut self, field: &str, value: [f64; 3], limit: f64, unit: &str) {
        for (i, c) in value.iter().enumerate() {
            self.range(&format!("{field}[{i}]"), *c, -limit, limit, unit);
        }
    }

    /// Parses a UTC timestamp, recording a problem when it does not parse.
    pub fn utc(&mut self, field: &str, text: &str) -> Option<Epoch> {
        match parse_utc(text) {
            Ok(epoch) => Some(epoch),
            Err(reason) => {
                self.problem(
                    field,
                    format!(
                        "\"{text}\" is not a UTC time ({reason}); write ISO 8601 such as \"1965-03-18T08:34:51Z\""
                    ),
                );
                None
            }
        }
    }
}

/// Checks every section; returns the parsed window and timestamps when they are valid.
pub fn check(file: &ScenarioFile, checker: &mut Checker) -> Option<CheckedTimes> {
    if file.version != SCENARIO_VERSION {
        checker.problem(
            "version",
            format!(
                "version {} is not supported; accepted: {SCENARIO_VERSION}",
                file.version
            ),
        );
    }
    if file.name.trim().is_empty() {
        checker.problem("name", "is empty; give the scenario a title".into());
    }
    check_printable(checker, file);
    let start = checker.utc("start_utc", &file.start_utc);
    let end = checker.utc("end_utc", &file.end_utc);
    check_orbit(&file.orbit, checker);
    check_physics(&file.physics, checker);
    check_spacecraft(&file.spacecraft, checker);
    check_airlock(&file.airlock, checker);
    check_tether(&file.tether, checker);
    // An explicit spring is stable while sqrt(k/m) dt stays well below 1.
    let person_kg =
        file.cosmonaut.body_mass_kg + file.cosmonaut.suit_mass_kg + file.cosmonaut.backpack_mass_kg;
    let stable_n_per_m = (0.25 * person_kg * file.physics.step_hz.powi(2)).round();
    if stable_n_per_m.is_finite() {
        // Masses or rates out of range are reported on their own fields; no second error here.
        checker.range(
            "tether.stiffness_n_per_m",
            file.tether.stiffness_n_per_m,
            1000.0,
            stable_n_per_m.max(1000.0),
            "N/m",
        );
    }
    check_cosmonaut(&file.cosmonaut, checker);
    check_fit(file, checker);
    check_tether_fit(file, checker);
    check_suit(&file.suit, checker);
    check_cameras(&file.cameras, checker);
    check_telemetry_interval(file, checker);
    check_actions(&file.actions, file, checker);

    let launch = parse_utc(&file.orbit.launch_utc).ok();
    let (start, end) = (start?, end?);
    let window_s = (end - start).to_seconds();
    if window_s <= 0.0 || window_s > MAX_WINDOW_S {
        checker.problem(
            "end_utc",
            format!(
                "the window is {window_s} s long; end_utc must be after start_utc by at most {MAX_WINDOW_S} s"
            ),
        );
        return None;
    }
    // The window opens in orbit: the launch, and the insertion it leads to, come first.
    if let Some(launch) = launch {
        let insertion_s = file.orbit.insertion_after_launch_s;
        let in_orbit_s = (start - launch).to_seconds();
        if in_orbit_s < insertion_s && insertion_s.is_finite() {
            checker.problem(
                "orbit.launch_utc",
                format!(
                    "{} is {in_orbit_s:.0} s before start_utc, but the orbit is reached {insertion_s:.0} s after launch; accepted: at least {insertion_s:.0} s before start_utc",
                    file.orbit.launch_utc
                ),
            );
        }
    }
    let events = timed(
        checker,
        "events",
        file.events.iter().map(|e| &e.utc),
        start,
        end,
    );
    let actions = timed(
        checker,
        "actions",
        file.actions.iter().map(|a| &a.utc),
        start,
        end,
    );
    if let Some(events) = &events {
        check_deployment(file, events, checker);
    }
    if let Some(actions) = &actions {
        check_one_action_per_step(file, actions, checker);
    }
    Some(CheckedTimes {
        start,
        end,
        launch: launch?,
        events: events?,
        actions: actions?,
    })
}

/// The texts the program prints (the name in the title and the log, the description in the
/// picker, the events' notes): no control characters, which a terminal would obey (an escape
/// sequence could recolour or rewrite it). The description and notes may break lines and tab.
fn check_printable(checker: &mut Checker, file: &ScenarioFile) {
    let control = |text: &str, allow_breaks: bool| {
        text.chars()
            .find(|c| c.is_control() && !(allow_breaks && matches!(c, '\n' | '\t')))
    };
    let texts = [("name".to_string(), file.name.as_str(), false)]
        .into_iter()
        .chain([("description".to_string(), file.description.as_str(), true)])
        .chain(
            file.events
                .iter()
                .enumerate()
                .map(|(i, e)| (format!("events[{i}].note"), e.note.as_str(), true)),
        );
    for (field, text, allow_breaks) in texts {
        if let Some(c) = control(text, allow_breaks) {
            checker.problem(
                &field,
                format!(
                    "holds the control character U+{:04X}, which a terminal would obey; write it without",
                    c as u32
                ),
            );
        }
    }
}

/// He takes up one action per physics step: a second one within the same step would replace
/// the first before it began, so actions lie at least a step apart.
fn check_one_action_per_step(file: &ScenarioFile, actions_t_s: &[f64], checker: &mut Checker) {
    let step_hz = file.physics.step_hz;
    if !(step_hz.is_finite() && step_hz > 0.0) {
        return;
    }
    let step_s = 1.0 / step_hz;
    for (i, pair) in actions_t_s.windows(2).enumerate() {
        let gap_s = pair[1] - pair[0];
        if gap_s > 0.0 && gap_s < step_s {
            checker.problem(
                &format!("actions[{}].utc", i + 1),
                format!(
                    "{} is {:.4} s after actions[{i}], within one physics step ({step_s:.4} s at {step_hz} Hz), where it would replace that action before it began; give each action its own step",
                    file.actions[i + 1].utc, gap_s
                ),
            );
        }
    }
}

/// The parsed timestamps of a valid scenario, seconds after `start`.
pub struct CheckedTimes {
    /// Window start.
    pub start: Epoch,
    /// Window end.
    pub end: Epoch,
    /// Launch.
    pub launch: Epoch,
    /// Each event's time after start, s.
    pub events: Vec<f64>,
    /// Each action's time after start, s.
    pub actions: Vec<f64>,
}

fn timed<'s>(
    checker: &mut Checker,
    list: &str,
    stamps: impl Iterator<Item = &'s String>,
    start: Epoch,
    end: Epoch,
) -> Option<Vec<f64>> {
    let mut out = Vec::new();
    let mut ok = true;
    let mut previous: Option<Epoch> = None;
    for (i, text) in stamps.enumerate() {
        let field = format!("{list}[{i}].utc");
        let Some(at) = checker.utc(&field, text) else {
            ok = false;
            continue;
        };
        // The window's last instant is never stepped into: an entry there would never happen.
        if at < start || at >= end {
            checker.problem(
                &field,
                format!(
                    "{text} is outside the scenario window; accepted: from {start} to before {end}"
                ),
            );
            ok = false;
        }
        if let Some(previous) = previous
            && at < previous
        {
            checker.problem(
                &field,
                format!("{text} is earlier than the {list} entry before it ({previous}); {list} must be in time order"),
            );
            ok = false;
        }
        // He does one thing at a time: a second action at the same instant would replace the
        // first before it began.
        if list == "actions"
            && let Some(previous) = previous
            && at == previous
        {
            checker.problem(
                &field,
                format!(
                    "{text} is the same instant as actions[{}]; he does one thing at a time, so give each action its own time",
                    i - 1
                ),
            );
            ok = false;
        }
        previous = Some(at);
        out.push((at - start).to_seconds());
    }
    ok.then_some(out)
}

fn check_orbit(o: &OrbitSpec, c: &mut Checker) {
    c.utc("orbit.launch_utc", &o.launch_utc);
    c.range(
        "orbit.launch_site_lat_deg",
        o.launch_site_lat_deg,
        -90.0,
        90.0,
        "deg",
    );
    c.range(
        "orbit.launch_site_lon_deg",
        o.launch_site_lon_deg,
        -180.0,
        180.0,
        "deg",
    );
    c.range(
        "orbit.perigee_altitude_km",
        o.perigee_altitude_km,
        100.0,
        2000.0,
        "km",
    );
    c.range(
        "orbit.apogee_altitude_km",
        o.apogee_altitude_km,
        o.perigee_altitude_km.max(100.0),
        40_000.0,
        "km",
    );
    c.range(
        "orbit.inclination_deg",
        o.inclination_deg,
        0.0,
        180.0,
        "deg",
    );
    c.range(
        "orbit.insertion_after_launch_s",
        o.insertion_after_launch_s,
        60.0,
        3600.0,
        "s",
    );
    c.range(
        "orbit.insertion_downrange_deg",
        o.insertion_downrange_deg,
        0.0,
        180.0,
        "deg",
    );
    let lat = o.launch_site_lat_deg.abs();
    let reachable = o.inclination_deg.min(180.0 - o.inclination_deg);
    if lat.is_finite() && reachable.is_finite() && lat > reachable {
        c.problem(
            "orbit.inclination_deg",
            format!(
                "an orbit inclined {} deg never passes over a pad at {} deg latitude; accepted range is {lat} to {} deg",
                o.inclination_deg,
                o.launch_site_lat_deg,
                180.0 - lat
            ),
        );
    }
}

/// Telemetry cannot come finer than a step; with a step rate out of its range (reported on its
/// own field) the finest the fastest accepted rate allows, so no second error follows the first.
fn check_telemetry_interval(file: &ScenarioFile, checker: &mut Checker) {
    let step_hz = file.physics.step_hz;
    let finest = 1.0
        / if (STEP_HZ.0..=STEP_HZ.1).contains(&step_hz) {
            step_hz
        } else {
            STEP_HZ.1
        };
    checker.range(
        "telemetry_interval_s",
        file.telemetry_interval_s,
        finest,
        0.1,
        "s",
    );
}

fn check_physics(p: &PhysicsSpec, c: &mut Checker) {
    c.range("physics.step_hz", p.step_hz, STEP_HZ.0, STEP_HZ.1, "Hz");
    c.range(
        "physics.solver_iterations",
        f64::from(p.solver_iterations),
        // Fewer leave his joints and the tether's links millimetres apart (property test in
        // tests/it/physical.rs: 2 gave a joint gap p99 of 4.3 mm).
        3.0,
        32.0,
        "iterations",
    );
    c.range(
        "physics.free_flight_solver_iterations",
        f64::from(p.free_flight_solver_iterations),
        1.0,
        f64::from(p.solver_iterations.max(1)),
        "iterations",
    );
}

fn check_spacecraft(s: &SpacecraftSpec, c: &mut Checker) {
    c.range("spacecraft.mass_kg", s.mass_kg, 500.0, 50_000.0, "kg");
    c.range(
        "spacecraft.cabin_pressure_kpa",
        s.cabin_pressure_kpa,
        50.0,
        110.0,
        "kPa",
    );
    c.range(
        "spacecraft.attitude_hold_torque_nm",
        s.attitude_hold_torque_nm,
        0.0,
        10_000.0,
        "N m",
    );
    c.range(
        "spacecraft.descent_module_mass_kg",
        s.descent_module_mass_kg,
        100.0,
        s.mass_kg - 100.0,
        "kg",
    );
    c.range(
        "spacecraft.descent_module_diameter_m",
        s.descent_module_diameter_m,
        1.0,
        6.0,
        "m",
    );
    c.range(
        "spacecraft.instrument_module_length_m",
        s.instrument_module_length_m,
        0.5,
        20.0,
        "m",
    );
    c.range(
        "spacecraft.instrument_module_diameter_m",
        s.instrument_module_diameter_m,
        0.5,
        6.0,
        "m",
    );
}

fn check_airlock(a: &AirlockSpec, c: &mut Checker) {
    // Lighter than 200 kg, the joint holding it to the 5 t capsule is a mass ratio beyond what
    // the solver holds closed (property test in tests/it/physical.rs: 50 kg failed, 100 kg
    // failed on some bit patterns and held on others).
    c.range("airlock.mass_kg", a.mass_kg, 200.0, 5000.0, "kg");
    c.range(
        "airlock.inner_diameter_m",
        a.inner_diameter_m,
        0.5,
        3.0,
        "m",
    );
    c.range(
        "airlock.outer_diameter_m",
        a.outer_diameter_m,
        a.inner_diameter_m + 0.02,
        a.inner_diameter_m + 1.0,
        "m",
    );
    c.range(
        "airlock.deployed_length_m",
        a.deployed_length_m,
        0.5,
        // Longer, the tube's joints open wider than the solver holds (property test: 5 m).
        4.0,
        "m",
    );
    c.range(
        "airlock.stowed_length_m",
        a.stowed_length_m,
        0.1,
        a.deployed_length_m,
        "m",
    );
    c.range(
        "airlock.hatch_diameter_m",
        a.hatch_diameter_m,
        0.3,
        a.inner_diameter_m,
        "m",
    );
    c.range(
        "airlock.deploy_duration_s",
        a.deploy_duration_s,
        10.0,
        3600.0,
        "s",
    );
    c.range(
        "airlock.jettison_impulse_n_s",
        a.jettison_impulse_n_s,
        0.0,
        10_000.0,
        "N s",
    );
    c.range(
        "airlock.jettison_offset_m",
        a.jettison_offset_m,
        0.0,
        1.2,
        "m",
    );
    c.range(
        "airlock.vent_time_constant_s",
        a.vent_time_constant_s,
        5.0,
        600.0,
        "s",
    );
}

/// The airlock cannot deploy round him, nor he enter it before it has deployed.
fn check_deployment(file: &ScenarioFile, event_t_s: &[f64], c: &mut Checker) {
    // The booms inflate once and the airlock is cast off once: a second would restart them, or
    // cut loose what is already gone.
    for kind in [EventKind::AirlockDeploy, EventKind::AirlockJettison] {
        let at: Vec<usize> = (0..file.events.len())
            .filter(|&i| file.events[i].kind == kind)
            .collect();
        if let [first, again, ..] = at.as_slice() {
            c.problem(
                &format!("events[{again}].kind"),
                format!("{kind:?} again (events[{first}] already is one); accepted: at most one"),
            );
        }
    }
    let deploy = file
        .events
        .iter()
        .zip(event_t_s)
        .find(|(e, _)| e.kind == EventKind::AirlockDeploy);
    let Some((_, deploy_t_s)) = deploy else {
        return;
    };
    if !file.cosmonaut.starts_in_cabin {
        c.problem(
            "cosmonaut.starts_in_cabin",
            "is false, but the airlock deploys in this window; accepted: true (he waits in the \
             cabin until it has deployed)"
                .into(),
        );
    }
    let deployed_t_s = deploy_t_s + file.airlock.deploy_duration_s;
    for (i, (event, t_s)) in file.events.iter().zip(event_t_s).enumerate() {
        if event.kind == EventKind::CosmonautToAirlock && *t_s < deployed_t_s {
            c.problem(
                &format!("events[{i}].utc"),
                format!(
                    "{} is before the airlock has deployed ({:.0} s after the AirlockDeploy \
                     event); accepted: that moment or later",
                    event.utc, file.airlock.deploy_duration_s
                ),
            );
        }
    }
}

fn check_tether(t: &TetherSpec, c: &mut Checker) {
    c.range("tether.length_m", t.length_m, 0.5, 100.0, "m");
    c.range("tether.mass_kg", t.mass_kg, 0.01, 100.0, "kg");
    c.range(
        "tether.segments",
        f64::from(t.segments),
        2.0,
        200.0,
        "segments",
    );
    c.range("tether.damping_ratio", t.damping_ratio, 0.0, 1.0, "");
    c.vector("tether.anchor_offset_m", t.anchor_offset_m, 5.0, "m");
}

fn check_cosmonaut(m: &CosmonautSpec, c: &mut Checker) {
    c.range("cosmonaut.body_mass_kg", m.body_mass_kg, 40.0, 150.0, "kg");
    c.range("cosmonaut.suit_mass_kg", m.suit_mass_kg, 0.0, 100.0, "kg");
    c.range(
        "cosmonaut.backpack_mass_kg",
        m.backpack_mass_kg,
        0.0,
        100.0,
        "kg",
    );
    c.range("cosmonaut.torso_depth_m", m.torso_depth_m, 0.15, 0.6, "m");
    c.range(
        "cosmonaut.max_arm_force_n",
        m.max_arm_force_n,
        10.0,
        2000.0,
        "N",
    );
}

/// Space the man needs in the tube beyond his suited height, m: the crown of the descent sphere
/// bulges into the tube's floor, the outer hatch swings into its top, and the suit lengthens as
/// it balloons (estimate, bounded by the property test in tests/it/physical.rs: 0.2 m failed).
const TUBE_HEADROOM_M: f64 = 0.3;
/// How many times his slack shoulder width the tube must be across: ballooned at 40.6 kPa he is
/// about 1.3 times as wide, and needs room to turn (property test: 1.54 failed, 1.63 held).
const TUBE_WIDTH_PER_SHOULDER: f64 = 1.65;
/// Shortest and longest link of the tether's chain, m: shorter links are a stiffer chain than
/// the step resolves, longer ones cut corners through him and the rim (property test: 0.25,
/// 0.31 and 0.89 m failed, 0.30, 0.45 and 0.58 m held; the short end is noisy, so kept wide of it).
const TETHER_LINK_M: (f64, f64) = (0.35, 0.55);
/// Where along the tube the tether's anchor may sit, as shares of its deployed length: the
/// chain starts coiled between the anchor and his harness (property test: 0 and 0.8 failed).
const ANCHOR_HEIGHT_SHARE: (f64, f64) = (0.2, 0.6);
/// How far inside the tube's wall the anchor must sit, m: a link's girth, so the coil does not
/// start in the wall (property test: on the wall failed).
const ANCHOR_WALL_CLEARANCE_M: f64 = 0.04;

/// `x` rounded to six decimals, so that a derived bound prints as the number it means.
fn tidy(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A bound that follows another field: `value` when it is a number, else `fallback`.
fn or_else(value: f64, fallback: f64) -> f64 {
    if value.is_finite() { value } else { fallback }
}

/// The man must fit the tube he starts in: lengthwise, and across at the shoulders.
fn check_fit(file: &ScenarioFile, c: &mut Checker) {
    let (m, a) = (&file.cosmonaut, &file.airlock);
    // A tube size out of its own range is reported on its own field; the man is then held to
    // the widest bounds.
    let longest_m = or_else(a.deployed_length_m, 2.8) - TUBE_HEADROOM_M;
    c.related(
        "cosmonaut.height_in_suit_m",
        m.height_in_suit_m,
        (1.4, longest_m.min(2.5)),
        "m",
        "he must fit the airlock's tube in the ballooned suit, at most airlock.deployed_length_m \
         less 0.3 m",
    );
    let widest_m = or_else(a.inner_diameter_m, 1.0) / TUBE_WIDTH_PER_SHOULDER;
    c.related(
        "cosmonaut.shoulder_width_m",
        m.shoulder_width_m,
        (0.3, widest_m.min(1.0)),
        "m",
        "ballooned, he must fit across the tube, at most airlock.inner_diameter_m / 1.65",
    );
}

/// The tether's chain must be one the solver holds, and start coiled inside the tube.
fn check_tether_fit(file: &ScenarioFile, c: &mut Checker) {
    let (t, a) = (&file.tether, &file.airlock);
    let length_m = or_else(t.length_m, 5.35);
    let (shortest, longest) = TETHER_LINK_M;
    c.related(
        "tether.segments",
        f64::from(t.segments),
        ((length_m / longest).ceil(), (length_m / shortest).floor()),
        "segments",
        "each link (tether.length_m / tether.segments) must be 0.35 to 0.55 m long",
    );
    if t.anchor_body != BodyId::Airlock {
        return;
    }
    let tube_m = or_else(a.deployed_length_m, 2.5);
    let (low, high) = ANCHOR_HEIGHT_SHARE;
    c.related(
        "tether.anchor_offset_m[1]",
        t.anchor_offset_m[1],
        (low * tube_m, high * tube_m),
        "m",
        "the anchor must sit 0.2 to 0.6 of the way along airlock.deployed_length_m",
    );
    let [x, _, z] = t.anchor_offset_m;
    let reach_m = or_else(a.inner_diameter_m, 1.0) / 2.0 - ANCHOR_WALL_CLEARANCE_M;
    c.related(
        "tether.anchor_offset_m",
        x.hypot(z),
        (0.0, reach_m),
        "m from the tube's axis",
        "the anchor must sit inside the tube, at most airlock.inner_diameter_m / 2 less 0.04 m \
         from its axis",
    );
}

fn check_suit(s: &SuitSpec, c: &mut Checker) {
    c.range("suit.pressure_kpa", s.pressure_kpa, 10.0, 101.3, "kPa");
    c.range(
        "suit.reserve_pressure_kpa",
        s.reserve_pressure_kpa,
        10.0,
        101.3,
        "kPa",
    );
    c.range(
        "suit.restraint_stiffness_kn_per_m",
        s.restraint_stiffness_kn_per_m,
        10.0,
        5000.0,
        "kN/m",
    );
    c.range(
        "suit.elbow_stiffness_nm_per_rad",
        s.elbow_stiffness_nm_per_rad,
        0.0,
        200.0,
        "N m/rad",
    );
    c.range(
        "suit.restraint_creep_ratio",
        s.restraint_creep_ratio,
        0.0,
        5.0,
        "",
    );
    c.range(
        "suit.restraint_creep_time_s",
        s.restraint_creep_time_s,
        10.0,
        36000.0,
        "s",
    );
    c.range(
        "suit.trunk_length_strain_share",
        s.trunk_length_strain_share,
        0.0,
        1.0,
        "",
    );
    c.range(
        "suit.o2_bottles",
        f64::from(s.o2_bottles),
        1.0,
        10.0,
        "bottles",
    );
    c.range(
        "suit.o2_bottle_volume_l",
        s.o2_bottle_volume_l,
        0.1,
        20.0,
        "L",
    );
    c.range(
        "suit.o2_bottle_pressure_mpa",
        s.o2_bottle_pressure_mpa,
        1.0,
        40.0,
        "MPa",
    );
    c.range(
        "suit.ventilation_nl_per_min",
        s.ventilation_nl_per_min,
        0.0,
        200.0,
        "NL/min",
    );
    c.range(
        "suit.leak_nl_per_min",
        s.leak_nl_per_min,
        0.0,
        50.0,
        "NL/min",
    );
    c.range("suit.gas_volume_l", s.gas_volume_l, 10.0, 500.0, "L");
}

fn check_cameras(cameras: &[CameraSpec], c: &mut Checker) {
    if cameras.is_empty() {
        c.problem("cameras", "is empty; give at least one viewpoint".into());
    }
    for (i, cam) in cameras.iter().enumerate() {
        let at = format!("cameras[{i}]");
        if cam.name.trim().is_empty() {
            c.problem(
                &format!("{at}.name"),
                "is empty; every camera needs a name".into(),
            );
        }
        if cameras[..i].iter().any(|other| other.name == cam.name) {
            c.problem(
                &format!("{at}.name"),
                format!("\"{}\" is used twice; names must be unique", cam.name),
            );
        }
        c.vector(&format!("{at}.position_m"), cam.position_m, 1.0e8, "m");
        c.vector(&format!("{at}.look_at_m"), cam.look_at_m, 1.0e8, "m");
        let gap: f64 = (0..3)
            .map(|k| (cam.position_m[k] - cam.look_at_m[k]).powi(2))
            .sum();
        if gap.sqrt() < 0.01 {
            c.problem(
                &format!("{at}.look_at_m"),
                "is where the camera is; look at a point at least 0.01 m away".into(),
            );
        }
        c.range(&format!("{at}.fov_deg"), cam.fov_deg, 5.0, 120.0, "deg");
    }
}

/// Shortest direction vector taken, so that normalising it (in the solver's 32-bit floats
/// too) cannot underflow: its length does not matter otherwise.
const DIRECTION_MIN_LENGTH: f64 = 1.0e-3;

/// A direction: finite, and long enough to have one.
fn check_direction(c: &mut Checker, field: &str, direction: [f64; 3]) {
    c.vector(field, direction, 1.0e3, "");
    let length = direction.iter().map(|d| d * d).sum::<f64>().sqrt();
    if direction.iter().all(|d| *d == 0.0) {
        c.problem(
            field,
            "is zero; give a direction such as (0.0, 1.0, 0.0)".into(),
        );
    } else if length < DIRECTION_MIN_LENGTH {
        c.problem(
            field,
            format!(
                "is {length:e} long, too short to point anywhere; give a direction at least \
                 {DIRECTION_MIN_LENGTH} long (only its direction counts), such as (0.0, 1.0, 0.0)"
            ),
        );
    }
}

fn check_actions(actions: &[ActionSpec], file: &ScenarioFile, c: &mut Checker) {
    for (i, spec) in actions.iter().enumerate() {
        let at = format!("actions[{i}].action");
        match &spec.action {
            Action::PushOff {
                speed_mps,
                direction,
            } => {
                c.range(&format!("{at}.speed_mps"), *speed_mps, 0.0, 3.0, "m/s");
                check_direction(c, &format!("{at}.direction"), *direction);
            }
            Action::Throw {
                mass_kg,
                speed_mps,
                direction,
            } => {
                c.range(&format!("{at}.mass_kg"), *mass_kg, 0.001, 5.0, "kg");
                c.range(&format!("{at}.speed_mps"), *speed_mps, 0.0, 10.0, "m/s");
                check_direction(c, &format!("{at}.direction"), *direction);
            }
            Action::PullIn {
                speed_mps,
                stop_distance_m,
            } => {
                c.range(&format!("{at}.speed_mps"), *speed_mps, 0.0, 2.0, "m/s");
                c.range(
                    &format!("{at}.stop_distance_m"),
                    *stop_distance_m,
                    0.3,
                    file.tether.length_m,
                    "m",
                );
            }
            Action::SetSuitPressure {
                pressure_kpa,
                rate_kpa_per_s,
            } => {
                c.range(
                    &format!("{at}.pressure_kpa"),
                    *pressure_kpa,
                    10.0,
                    101.3,
                    "kPa",
                );
                c.range(
                    &format!("{at}.rate_kpa_per_s"),
                    *rate_kpa_per_s,
                    0.01,
                    10.0,
                    "kPa/s",
                );
            }
            Action::Hold
            | Action::Float
            | Action::GrabHandrail { .. }
            | Action::Enter { .. }
            | Action::Exit { .. }
            | Action::TurnAround
            | Action::CloseOuterHatch => {}
        }
    }
}
