//! Physics checks: relative motion follows Hill's equations, and momentum is conserved when no
//! outside force acts.

use bevy::math::DVec3;
use bevy::prelude::*;
use bevy_rapier3d::prelude::{ReadMassProperties, Velocity};
use spacewalk::headless::{advance_to, sim_app};
use spacewalk::scenario::{Action, ActionSpec, EventKind, EventSpec};
use spacewalk::sim::core::bodies::SimBody;
use spacewalk::sim::world::environment::Environment;
use spacewalk::sim::world::relative_motion::cw_position;

use super::{at, variant};

/// (centre of mass, velocity, mass) of every simulated body.
pub fn bodies(world: &mut World) -> Vec<(SimBody, DVec3, DVec3, f64)> {
    let mut query = world.query::<(&SimBody, &Transform, &Velocity, &ReadMassProperties)>();
    query
        .iter(world)
        .map(|(body, transform, velocity, mass)| {
            let centre = transform
                .transform_point(mass.local_center_of_mass)
                .as_dvec3();
            (
                *body,
                centre,
                velocity.linear.as_dvec3(),
                f64::from(mass.mass),
            )
        })
        .collect()
}

/// The cosmonaut's centre of mass and its velocity, summed over his segments.
pub fn cosmonaut(world: &mut World) -> (DVec3, DVec3) {
    let parts: Vec<_> = bodies(world)
        .into_iter()
        .filter(|b| matches!(b.0, SimBody::Cosmonaut(_)))
        .collect();
    assert!(parts.len() >= 13, "{} segments", parts.len());
    let mass: f64 = parts.iter().map(|p| p.3).sum();
    let centre = parts.iter().map(|p| p.1 * p.3).sum::<DVec3>() / mass;
    let velocity = parts.iter().map(|p| p.2 * p.3).sum::<DVec3>() / mass;
    (centre, velocity)
}

#[test]
fn a_push_off_bends_the_path_as_hills_equations_say() {
    // Out of the hatch, let go, push straight up at 0.5 m/s on a tether too long to matter.
    let scenario = variant(|f| {
        // Links as short as the flight's, so the coiled line fits the tube it starts in.
        f.tether.length_m = 45.0;
        f.tether.segments = 100;
        f.tether.mass_kg = 0.01;
        f.orbit.clohessy_wiltshire = true;
        f.events = vec![EventSpec {
            utc: at(1),
            kind: EventKind::OuterHatchOpen,
            note: String::new(),
        }];
        // The hatch takes ten seconds to swing open; he climbs out after it.
        f.actions = vec![
            ActionSpec {
                utc: at(15),
                action: Action::Exit { head_first: true },
            },
            ActionSpec {
                utc: at(50),
                action: Action::Float,
            },
            ActionSpec {
                utc: at(55),
                action: Action::PushOff {
                    speed_mps: 0.5,
                    direction: [0.0, 1.0, 0.0],
                },
            },
        ];
    });
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    advance_to(world, 56.0);
    let (start, velocity) = cosmonaut(world);
    let n = world.resource::<Environment>().elements.mean_motion_rad_s;
    assert!(
        (velocity.y - 0.5).abs() < 0.05,
        "the push gave {velocity:?}"
    );
    advance_to(world, 116.0);
    let (end, _) = cosmonaut(world);
    let expected = cw_position(n, start, velocity, 60.0);
    let straight = start + velocity * 60.0;
    let error = (end - expected).length();
    assert!(
        (expected - straight).length() > 1.0,
        "Hill's equations bend the path by {} m only",
        (expected - straight).length()
    );
    assert!(
        error < 0.02,
        "after 60 s the cosmonaut is at {end:?}, Hill's equations say {expected:?} ({error} m off)"
    );
}

#[test]
fn linear_momentum_is_conserved_without_hill_terms() {
    // The attitude jets stay on: they fire in pairs, a pure couple with no net force, so they
    // cannot change linear momentum either.
    let scenario = variant(|f| {
        f.orbit.clohessy_wiltshire = false;
    });
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    let total = |world: &mut World| {
        bodies(world)
            .iter()
            .map(|(_, _, v, m)| *v * *m)
            .sum::<DVec3>()
    };
    let initial = total(world);
    // Pushes, pulls, the tether's jerks and the hatch contacts up to 08:41.
    let mut worst: f64 = 0.0;
    let mut largest_exchange: f64 = 0.0;
    for t in (10..=780).step_by(10) {
        advance_to(world, f64::from(t));
        worst = worst.max((total(world) - initial).length());
        let (_, velocity) = cosmonaut(world);
        largest_exchange = largest_exchange.max(velocity.length() * 111.0);
    }
    assert!(
        largest_exchange > 20.0,
        "nothing happened: {largest_exchange} N s"
    );
    assert!(
        worst < 1e-3 * largest_exchange,
        "total momentum drifted by {worst} N s against exchanges of {largest_exchange} N s"
    );
}

/// Inputs for a bare world that carry only the solver iterations: no loads, kicks or changes.
fn solver_only(iterations: impl IntoIterator<Item = usize>) -> Vec<spacewalk::bench::StepInputs> {
    iterations
        .into_iter()
        .map(|iterations| spacewalk::bench::StepInputs {
            iterations,
            ..Default::default()
        })
        .collect()
}

#[test]
fn the_benchmark_steps_the_app_and_a_bare_rapier_world_of_the_same_size() {
    let scenario = super::historical();
    let dt_s = 1.0 / scenario.file.physics.step_hz;
    let mut app = sim_app(scenario);
    // Rapier's world fills on the first fixed step.
    advance_to(app.world_mut(), 0.1);
    let before = app.world().resource::<spacewalk::sim::SimClock>().step;
    let mut bare_world = spacewalk::bench::BareWorld::copy_of(&mut app).expect("a Rapier world");
    let (in_app, iterations) = spacewalk::bench::time_app(&mut app, 20, dt_s);
    // He waits in the airlock, touching it: every step is solved in full.
    let full = super::historical().file.physics.solver_iterations as usize;
    assert_eq!(iterations, vec![full; 20]);
    let bare = bare_world.time(&solver_only(iterations), dt_s);
    // Capsule, four airlock rings, two hatches, 16 segments and 12 tether links; the same in both worlds.
    assert_eq!(in_app.bodies, 35);
    assert_eq!((bare.bodies, bare.joints), (in_app.bodies, in_app.joints));
    assert!(in_app.micros_per_step > 0.0 && bare.micros_per_step > 0.0);
    // Stepping the copy leaves the app's own world where it was.
    assert_eq!(
        app.world().resource::<spacewalk::sim::SimClock>().step,
        before + 20,
        "the app took one step per timed step, the copy none of them"
    );
}

#[test]
fn the_bare_world_fed_the_apps_inputs_retraces_its_motion_exactly() {
    use spacewalk::bench::{BareWorld, record_inputs};
    let scenario = super::historical();
    let dt_s = 1.0 / scenario.file.physics.step_hz;
    // 08:37:30 to 08:37:55: out on the tether, through the hard push at 08:37:40 and the
    // tether's jerk that follows it.
    let mut app = sim_app(scenario);
    advance_to(app.world_mut(), 570.0);
    let mut bare_world = BareWorld::copy_of(&mut app).expect("a Rapier world");
    let mut unfed = BareWorld::copy_of(&mut app).expect("a Rapier world");
    let inputs = record_inputs(&mut app, 1500);
    assert_eq!(inputs.len(), 1500);
    // The push and the muscles show up as forces, kicks and joint settings to replay.
    assert!(inputs.iter().any(|step| !step.kicks.is_empty()));
    assert!(inputs.iter().any(|step| !step.joints.is_empty()));
    let moved = inputs
        .iter()
        .flat_map(|step| &step.forces)
        .any(|(_, force, _)| force.length() > 1.0);
    assert!(moved);
    bare_world.time(&inputs, dt_s);
    // Same start, same inputs, same pipeline: the same motion to the last bit.
    assert_eq!(bare_world.farthest_from(&mut app), 0.0);
    // Without the recorded inputs (the push, his muscles) the copy goes its own way.
    unfed.time(
        &solver_only(inputs.iter().map(|step| step.iterations)),
        dt_s,
    );
    assert!(unfed.farthest_from(&mut app) > 0.1);
}

#[test]
fn the_lens_cap_leaves_his_hand_at_the_speed_thrown_and_he_recoils() {
    let scenario = super::historical();
    let throw = scenario
        .actions
        .iter()
        .find(|a| matches!(a.action, Action::Throw { .. }))
        .expect("the lens cap throw")
        .clone();
    let Action::Throw {
        mass_kg,
        speed_mps,
        direction,
    } = throw.action
    else {
        unreachable!()
    };
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    advance_to(world, throw.t_s - 0.05);
    let (_, before) = cosmonaut(world);
    advance_to(world, throw.t_s + 0.1);
    let (_, after) = cosmonaut(world);
    let cap = bodies(world)
        .into_iter()
        .find(|b| matches!(b.0, SimBody::Thrown(_)))
        .expect("a thrown body");
    assert!(
        (cap.3 - mass_kg).abs() < 1e-6,
        "the cap weighs {} kg",
        cap.3
    );
    let way = DVec3::from_array(direction).normalize();
    let relative = cap.2 - after;
    assert!(
        (relative.dot(way) - speed_mps).abs() < 0.02,
        "the cap left at {relative:?} relative to him"
    );
    // His recoil: the cap's momentum, the other way (less any drift he already had).
    let recoil = (after - before).dot(way);
    let expected = -mass_kg * speed_mps / 111.0;
    assert!(
        recoil < 0.0 && (recoil - expected).abs() < 0.2 * expected.abs(),
        "he recoiled by {recoil} m/s, expected about {expected}"
    );
}

/// Seconds from `start` to `hms` UTC on the day of the flight.
fn seconds_from(start: hifitime::Epoch, hms: &str) -> f64 {
    (spacewalk::scenario::time::parse_utc(&format!("1965-03-18T{hms}Z")).unwrap() - start)
        .to_seconds()
}

#[test]
fn the_light_solver_runs_only_while_he_floats_free_and_the_joints_hold() {
    use spacewalk::sim::SimClock;
    use spacewalk::sim::cosmonaut::control::Controller;
    use spacewalk::sim::craft::tether::TetherState;
    use spacewalk::sim::solver::effort::{
        FREE_FLIGHT_LOAD_N, GAP_TOLERANCE_M, SLACK_FRACTION, SolverEffort,
    };

    let scenario = super::historical();
    let physics = scenario.file.physics.clone();
    assert!(physics.free_flight_solver_iterations < physics.solver_iterations);
    let length_m = scenario.file.tether.length_m;
    let start = scenario.start;
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    // From the first push-off (08:34:35) to his head-first try in the hatch's mouth (08:46:30).
    let t_of = |hms: &str| seconds_from(start, hms);
    advance_to(world, t_of("08:34:30"));
    let (mut light, mut full) = (0u32, 0u32);
    let end = t_of("08:46:30");
    let mut loads = world.query::<(
        &SimBody,
        &bevy_rapier3d::prelude::ExternalForce,
        &bevy_rapier3d::prelude::ExternalImpulse,
    )>();
    let mut gap_before_m = world.resource::<SolverEffort>().joint_gap_m;
    // Step by step: each step's choice against the state it was made from.
    while world.resource::<SimClock>().t_s() < end {
        world.run_schedule(bevy::app::FixedMain);
        let t = world.resource::<SimClock>().t_s();
        let effort = world.resource::<SolverEffort>().clone();
        let tether = world.resource::<TetherState>().clone();
        let gripping = world.resource::<Controller>().grip().is_some();
        let dt_s = 1.0 / physics.step_hz as f32;
        // The forces this step applied to him stay on his bodies until the next step clears them.
        let load_n: f32 = loads
            .iter(world)
            .filter(|(body, ..)| matches!(body, SimBody::Cosmonaut(_)))
            .map(|(_, f, j)| f.force.length() + j.impulse.length() / dt_s)
            .sum();
        if effort.iterations == physics.free_flight_solver_iterations as usize {
            light += 1;
            assert!(
                tether.tension_n == 0.0 && tether.distance_m < SLACK_FRACTION * length_m,
                "light solver with the tether at {} m, {} N",
                tether.distance_m,
                tether.tension_n
            );
            assert!(!gripping, "light solver while he grips a handrail");
            assert!(load_n < FREE_FLIGHT_LOAD_N, "light solver under {load_n} N");
            assert!(
                gap_before_m < GAP_TOLERANCE_M,
                "light solver after a {} mm joint gap",
                gap_before_m * 1e3
            );
        } else {
            assert_eq!(effort.iterations, physics.solver_iterations as usize);
            full += 1;
        }
        assert!(
            effort.joint_gap_m < 0.025,
            "a joint opened {} mm at {t} s",
            effort.joint_gap_m * 1e3
        );
        gap_before_m = effort.joint_gap_m;
    }
    // He floats free for minutes at a time, and every taut tether, contact and grip is solved
    // in full.
    assert!(
        light > 10_000 && full > 10_000,
        "{light} light, {full} full steps"
    );
    assert_eq!(
        world.resource::<SolverEffort>().iterations,
        physics.solver_iterations as usize,
        "in the hatch's mouth at 08:46:30"
    );
}

#[test]
fn the_simulations_own_rapier_sync_steps_as_the_stock_one() {
    use spacewalk::headless::sim_app_on_stock_sync;
    use spacewalk::scenario::Scenario;
    use spacewalk::sim::Telemetry;
    let last_row = |mut app: App, t_s: f64| {
        advance_to(app.world_mut(), t_s);
        app.world()
            .resource::<Telemetry>()
            .latest()
            .cloned()
            .expect("telemetry")
    };
    // The first second in the airlock: his joints, the tether's links and his hold on the
    // floor. Both syncs hand Rapier the same loads and settings, so the two runs stay close;
    // the scene's own chaos (a jointed body in contact) amplifies small differences over
    // minutes, which is why whole flights are not compared body by body.
    let scenario = super::historical();
    let own = last_row(sim_app(scenario.clone()), 1.0);
    let stock = last_row(sim_app_on_stock_sync(scenario), 1.0);
    let apart_m = own
        .cosmonaut_position_m
        .iter()
        .zip(&stock.cosmonaut_position_m)
        .map(|(a, b)| (a - b).abs())
        .fold(
            (own.tether_distance_m - stock.tether_distance_m).abs(),
            f64::max,
        );
    eprintln!("after 1 s the two syncs are {apart_m:.1e} m apart");
    assert!(apart_m < 1e-4, "{apart_m}");
    assert_eq!(own.cosmonaut_in_airlock, stock.cosmonaut_in_airlock);
    // The jettison: the cabin holds him out of the simulation, the push acts once through an
    // impulse, and the capsule rolls the same way at the same rate under either sync.
    let scenario = Scenario::load(super::project_path("scenarios/voskhod2_jettison.ron")).unwrap();
    let end_s = scenario.duration_s();
    let own = last_row(sim_app(scenario.clone()), end_s);
    let stock = last_row(sim_app_on_stock_sync(scenario), end_s);
    eprintln!(
        "roll after the jettison: {:.4} deg/s (own sync), {:.4} deg/s (stock)",
        own.capsule_roll_rate_dps, stock.capsule_roll_rate_dps
    );
    assert!(own.cosmonaut_in_cabin && stock.cosmonaut_in_cabin);
    assert!(own.capsule_roll_rate_dps.abs() > 1.0);
    assert!(
        (own.capsule_roll_rate_dps - stock.capsule_roll_rate_dps).abs()
            < 1e-3 * stock.capsule_roll_rate_dps.abs()
    );
}

#[test]
fn the_rims_hold_takes_his_push_without_shaking_the_airlock_on_its_booms() {
    use spacewalk::sim::SimClock;
    use spacewalk::sim::cosmonaut::squeeze::Squeeze;

    // Without the bleed, held in the mouth head first at 40.6 kPa (08:46:16 on).
    let scenario = super::scenario_file("voskhod2_no_bleed.ron", |_| {});
    let start = scenario.start;
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    let t_of = |hms: &str| seconds_from(start, hms);
    advance_to(world, t_of("08:46:17"));
    let end = t_of("08:46:21");
    let mut bodies = world.query::<(&SimBody, &Transform)>();
    // Where the airlock's outer end sits along its own axis in the capsule's frame, m.
    let mut outer_end_m = |world: &mut World| {
        let (mut lock, mut craft) = (None, None);
        for (body, transform) in bodies.iter(world) {
            match body {
                SimBody::Airlock => lock = Some(*transform),
                SimBody::Spacecraft => craft = Some(*transform),
                _ => {}
            }
        }
        let (lock, craft) = (lock.expect("airlock"), craft.expect("capsule"));
        (craft.rotation.inverse() * (lock.translation - craft.translation))
            .dot(craft.rotation.inverse() * (lock.rotation * Vec3::Y))
    };
    let dt_s = world.resource::<SimClock>().dt_s as f32;
    let mut last_m = outer_end_m(world);
    let (mut steps, mut held_steps, mut reversals) = (0u32, 0u32, 0u32);
    let mut last_mps = 0.0f32;
    while world.resource::<SimClock>().t_s() < end {
        world.run_schedule(bevy::app::FixedMain);
        let squeeze = world.resource::<Squeeze>().clone();
        // Friction holds what loads him and never more than its friction can.
        assert!(
            squeeze.applied_n.abs() <= squeeze.hold_n + 1.0,
            "{squeeze:?}"
        );
        if squeeze.applied_n.abs() > 100.0 {
            held_steps += 1;
        }
        let now_m = outer_end_m(world);
        let mps = (now_m - last_m) / dt_s;
        if mps * last_mps < 0.0 && mps.abs().min(last_mps.abs()) > 0.001 {
            reversals += 1;
        }
        (last_m, last_mps, steps) = (now_m, mps, steps + 1);
    }
    // Held for most of the window, and the ring on its soft booms takes the hold's reaction as
    // a spring takes a load, not rattling: an explicit force sized for the whole craft's mass
    // shook it at +-3 cm/s, reversing every step.
    assert!(
        held_steps > steps / 2,
        "held in {held_steps} of {steps} steps"
    );
    assert!(
        reversals < steps / 20,
        "{reversals} reversals in {steps} steps"
    );
}

#[test]
fn his_muscles_torque_is_read_from_the_solver_and_never_exceeds_their_strength() {
    use spacewalk::sim::SimClock;
    use spacewalk::sim::cosmonaut::anatomy::CosmonautFigure;
    use spacewalk::sim::cosmonaut::physiology::Exertion;

    // Out through the hatch and the first push-off (08:34:20 to 08:34:45): his joints work.
    let scenario = super::historical();
    let start = scenario.start;
    let mut app = sim_app(scenario);
    let world = app.world_mut();
    advance_to(world, seconds_from(start, "08:34:20"));
    // Each free axis of each joint at most its strength; the three of a joint as one vector.
    let strongest_nm: f64 = world
        .resource::<CosmonautFigure>()
        .0
        .segments
        .iter()
        .filter_map(|s| s.joint.as_ref())
        .map(|j| f64::from(j.max_torque_nm) * (j.limits.len() as f64).sqrt())
        .sum();
    let end = seconds_from(start, "08:34:45");
    let mut most_nm = 0.0_f64;
    while world.resource::<SimClock>().t_s() < end {
        world.run_schedule(bevy::app::FixedMain);
        let torque_nm = world.resource::<Exertion>().muscle_torque_nm;
        assert!(
            torque_nm <= strongest_nm * 1.001,
            "{torque_nm} N m of {strongest_nm}"
        );
        most_nm = most_nm.max(torque_nm);
    }
    // Rapier keeps a free axis's impulse on its motor, not among the joint's own impulses: read
    // from there, working joints show, where the joint's impulses gave none at all.
    assert!(most_nm > 1.0, "his muscles' torque peaked at {most_nm} N m");
}
