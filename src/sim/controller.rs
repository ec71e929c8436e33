//! The cosmonaut's controller: turns the scenario's current action into forces and torques.
//!
//! Every force he applies has an equal and opposite one on the airlock (pushing off its rim,
//! pulling on the tether anchored in it, holding its handrails), so momentum is conserved. His
//! strength is finite (`cosmonaut.max_arm_force_n`), so whether an action succeeds is the
//! physics' decision: a push needs something within reach, entry needs the body to fit.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use super::anatomy::{Posture, Segment};
use super::bodies::{Layout, SimBody};
use super::cosmonaut::{CosmonautFigure, PostureState, whole_body};
use super::tether::TetherRope;
use super::{ActiveScenario, EventLog, SimClock, SimSet};
use crate::scenario::{Action, Hand};

/// Time constant of his velocity corrections, s: how briskly he grips and pulls.
const GRIP_TIME_S: f32 = 0.5;
/// Largest torque he can turn his body with against the airlock, N m.
const MAX_TURN_TORQUE_NM: f32 = 60.0;
/// How far beyond his own size he can reach for the airlock rim, m.
const REACH_M: f32 = 0.7;
/// How hard, waiting in the airlock, he presses himself onto its floor, as an acceleration of
/// his whole body, m/s^2: about a newton, a thousand times the tidal pull it holds him against.
const SETTLE_ACCELERATION_MPS2: f32 = 0.01;
/// Distance from the centre of his hand to a handrail's axis at which his fingers close on it, m.
const GRIP_DISTANCE_M: f32 = 0.12;
/// Force with which his arm stretches his hand towards a handrail, N: against the suit and his
/// own posture muscles.
const ARM_REACH_FORCE_N: f32 = 60.0;
/// Speed at which he brings his hand to a handrail, m/s.
const REACH_SPEED_MPS: f32 = 0.3;

/// Which action is running and what it has done so far.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct ControllerState {
    /// Index into the scenario's actions of the motion action in force.
    pub current: Option<usize>,
    /// The one-shot part of the current action (a push) is done.
    pub impulse_done: bool,
    /// The current action already logged that it cannot work.
    failure_logged: bool,
    /// The joint of his hand's grip on a handrail, while he holds one.
    pub grip: Option<Entity>,
    /// Where he was (airlock frame) when he last made headway at the hatch's mouth, m.
    stall_anchor_m: Vec3,
    /// How long he has been in the hatch's mouth, or turning round, without headway, s.
    stalled_s: f64,
    /// The nearest he has come to facing the outer hatch while turning round, rad.
    best_turn_rad: f32,
    /// Time left backing off to free himself and re-centre before pushing again, s.
    back_off_s: f64,
    /// How hard he strains into the hatch's mouth, as a share of his strength (0 to 1): it
    /// builds while he is held up and eases off once he moves again.
    strain: f32,
    /// Which way along the tube (+1 out, -1 in, airlock frame) he strains.
    strain_way: f32,
    /// How many times he has backed off and tried again during the current action.
    retries: u32,
    /// The current action already logged that he is stuck.
    stuck_logged: bool,
}

impl ControllerState {
    /// Is the current action going against him: a try at the hatch's mouth has already failed,
    /// or he has been turning round a whole headway window without getting closer?
    pub fn thwarted(&self) -> bool {
        self.retries > 0 || self.stalled_s >= STALL_S
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(FixedUpdate, apply_action.in_set(SimSet::Controller));
}

/// Is this action about his motion (not the suit valve)?
fn is_motion(action: &Action) -> bool {
    !matches!(action, Action::SetSuitPressure { .. })
}

/// A body's state as the controller needs it.
#[derive(Clone, Copy)]
struct Kinematics {
    transform: Transform,
    centre_of_mass: Vec3,
    linear: Vec3,
    angular: Vec3,
}

impl Kinematics {
    /// Velocity of a point fixed to this body.
    fn velocity_at(&self, point: Vec3) -> Vec3 {
        self.linear + self.angular.cross(point - self.centre_of_mass)
    }
}

type BodyQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static SimBody,
        &'static Transform,
        &'static Velocity,
        &'static ReadMassProperties,
        &'static mut ExternalForce,
        &'static mut ExternalImpulse,
    ),
>;

/// Turns the current action into forces on him and the airlock; runs before the tether adds its pull.
#[allow(clippy::too_many_lines, clippy::too_many_arguments)]
pub fn apply_action(
    clock: Res<SimClock>,
    scenario: Res<ActiveScenario>,
    layout: Res<Layout>,
    figure: Res<CosmonautFigure>,
    mut posture: ResMut<PostureState>,
    mut state: ResMut<ControllerState>,
    mut timeline: ResMut<super::timeline::TimelineState>,
    mut commands: Commands,
    mut log: ResMut<EventLog>,
    ropes: Query<&TetherRope>,
    entities: Query<(Entity, &SimBody)>,
    cabin: Res<super::cabin::CabinState>,
    suit: Res<super::suit::SuitState>,
    mut exertion: ResMut<super::physiology::Exertion>,
    mut bodies: BodyQuery,
) {
    exertion.arm_force_n = 0.0;
    exertion.arm_power_w = 0.0;
    exertion.turn_torque_nm = 0.0;
    exertion.effort_share = 0.0;
    if cabin.in_cabin {
        return;
    }
    let t = clock.t_s();
    let scenario = &scenario.0;
    let latest = scenario
        .actions
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.t_s <= t && is_motion(&a.action));
    let latest = latest.map(|(i, _)| i);
    if latest != state.current {
        state.current = latest;
        state.impulse_done = false;
        state.failure_logged = false;
        state.stalled_s = 0.0;
        state.best_turn_rad = f32::MAX;
        state.back_off_s = 0.0;
        state.strain = 0.0;
        state.strain_way = 0.0;
        state.retries = 0;
        state.stuck_logged = false;
        if let Some(grip) = state.grip.take() {
            commands.entity(grip).try_despawn();
            log.push(t, clock.utc(), "cosmonaut: lets go of the handrail");
        }
        if let Some(i) = latest {
            log.push(
                t,
                clock.utc(),
                format!("cosmonaut: {}", describe(&scenario.actions[i].action)),
            );
        }
    }

    let whole = whole_body(
        bodies
            .iter()
            .filter_map(|(body, t, v, m, _, _)| match body {
                SimBody::Cosmonaut(segment) => Some((*segment, t, v, m)),
                _ => None,
            }),
    );
    let lock = bodies
        .iter()
        .find(|(body, ..)| **body == SimBody::Airlock)
        .map(|(_, transform, velocity, mass, _, _)| Kinematics {
            transform: *transform,
            centre_of_mass: transform.transform_point(mass.local_center_of_mass),
            linear: velocity.linear,
            angular: velocity.angular,
        });
    let (Some(whole), Some(lock)) = (whole, lock) else {
        return;
    };
    // Before his first action he waits in the airlock holding on, feet pressed to its floor,
    // below the outer hatch's swing: the tidal drift of the orbiting frame does not carry him
    // into it, and the hatch, opening, can only press him further down.
    let waiting = state.current.is_none();
    let action = state
        .current
        .map_or(&Action::Hold, |i| &scenario.actions[i].action);
    let person = Kinematics {
        transform: whole.torso,
        centre_of_mass: whole.centre_m,
        linear: whole.velocity_mps,
        angular: whole.torso_spin_rad_s,
    };
    let Ok(rope) = ropes.single() else {
        return;
    };

    let mass = whole.mass_kg;
    let structure_mass = (scenario.file.spacecraft.mass_kg + scenario.file.airlock.mass_kg) as f32;
    let reduced_mass = mass * structure_mass / (mass + structure_mass);
    let max_force = scenario.file.cosmonaut.max_arm_force_n as f32;
    let half_height = scenario.file.cosmonaut.height_in_suit_m as f32 / 2.0;
    let radius = scenario.file.cosmonaut.shoulder_width_m as f32 / 2.0;
    let hatch = lock.transform.transform_point(layout.outer_hatch_local_m());
    let axis = lock.transform.rotation * Vec3::Y;
    let in_reach = person.centre_of_mass.distance(hatch)
        <= half_height + REACH_M + layout.airlock_inner_radius_m;
    let harness = person.transform.transform_point(rope.harness_local_m);
    let anchor = lock.transform.transform_point(rope.anchor_local_m);
    let relative_velocity = person.linear - lock.velocity_at(person.centre_of_mass);
    // Rotational inertia of the suited body about a transverse axis (a solid cylinder).
    let inertia = mass * (3.0 * radius * radius + (2.0 * half_height).powi(2)) / 12.0;
    let relative_spin = person.angular - lock.angular;
    // Into the airlock's frame: its axis is y, the outer hatch at `layout.airlock_length_m`.
    let to_lock = lock.transform.compute_affine().inverse();
    // Told to turn round or close the hatch while still stuck in its opening, legs or head out,
    // he can do neither: he climbs back out the way he is facing instead of staying wedged.
    let climb_out;
    let action = if matches!(action, Action::TurnAround | Action::CloseOuterHatch)
        && to_lock.transform_point3(person.centre_of_mass).y < layout.airlock_length_m
        && highest_centre_y(&bodies, to_lock) > layout.airlock_length_m + 0.3
    {
        if !state.failure_logged {
            state.failure_logged = true;
            log.push(
                t,
                clock.utc(),
                format!(
                    "cannot {}: he is stuck in the hatch's opening, and climbs back out",
                    describe(action)
                ),
            );
        }
        climb_out = Action::Exit {
            head_first: long_axis(&bodies, &person).dot(axis) > 0.0,
        };
        &climb_out
    } else {
        action
    };

    let mut force = Vec3::ZERO;
    // Where his force and its reaction act. Equal and opposite forces at one point (or along one
    // line) leave the total angular momentum untouched.
    let mut force_point = person.centre_of_mass;
    let mut reaction_point = person.centre_of_mass;
    let mut torque = Vec3::ZERO;
    let mut impulse = Vec3::ZERO;
    let mut failure = None;
    // Pulling on the tether loads the harness; everything else he does with hands and feet
    // spread over the body, which is as if it acted at his centre of mass.
    let mut at_harness = false;
    // Something leaving his hand: where, how fast, how heavy.
    let mut thrown: Option<(Vec3, Vec3, f32)> = None;
    // His arm stretching a hand towards something: the hand and the force on it, whose reaction
    // his shoulder takes on the torso, so it moves him relative to himself only.
    let mut reach: Option<(Segment, Vec3)> = None;

    match action {
        Action::PushOff {
            speed_mps,
            direction,
        } => {
            if !state.impulse_done {
                state.impulse_done = true;
                if in_reach {
                    let wanted = Vec3::from_array(direction.map(|d| d as f32)).normalize()
                        * *speed_mps as f32;
                    impulse = reduced_mass * (wanted - relative_velocity);
                } else {
                    failure = Some("push-off failed: the airlock is out of reach");
                }
            }
        }
        Action::PullIn {
            speed_mps,
            stop_distance_m,
        } => {
            // The tether leaves the airlock through the outer hatch, so outside he pulls towards
            // the hatch; inside the tube, towards the anchor.
            let local = to_lock.transform_point3(harness);
            let outside = local.y > layout.airlock_length_m
                || Vec2::new(local.x, local.z).length() > layout.airlock_inner_radius_m;
            let pull_point = if outside { hatch } else { anchor };
            let to_point = pull_point - harness;
            let distance = to_point.length();
            let direction = to_point.normalize_or_zero();
            let excess = distance - *stop_distance_m as f32;
            // Slow down over the last half metre, then stay: a tether cannot push him away.
            let wanted = if excess > 0.0 {
                direction * *speed_mps as f32 * (excess / 0.5).min(1.0)
            } else {
                Vec3::ZERO
            };
            // A tether transmits force only along itself.
            force = direction * (mass * (wanted - relative_velocity) / GRIP_TIME_S).dot(direction);
            force_point = harness;
            reaction_point = pull_point;
            at_harness = true;
            torque = -inertia * relative_spin / GRIP_TIME_S;
        }
        Action::Hold => {
            if in_reach {
                force = if waiting {
                    // A steady press towards the floor; across the tube he stops any drift.
                    let lateral = relative_velocity - axis * relative_velocity.dot(axis);
                    -axis * mass * SETTLE_ACCELERATION_MPS2 - mass * lateral / GRIP_TIME_S
                } else {
                    -mass * relative_velocity / GRIP_TIME_S
                };
                torque = -inertia * relative_spin / GRIP_TIME_S;
            } else {
                failure = Some("cannot hold on: the handrails are out of reach");
            }
        }
        Action::Float => {}
        Action::GrabHandrail { hand } => {
            if state.grip.is_none() {
                let segment = Segment::Hand(side_of(*hand));
                let hand_transform = bodies.iter().find_map(|(body, transform, ..)| {
                    (*body == SimBody::Cosmonaut(segment)).then_some(*transform)
                });
                let (a, b) = layout.handrail_local_m(*hand);
                let (a, b) = (
                    lock.transform.transform_point(a),
                    lock.transform.transform_point(b),
                );
                if let Some(hand_transform) = hand_transform {
                    let hand_at = hand_transform.translation;
                    let on_rail = closest_on_segment(a, b, hand_at);
                    let gap = on_rail - hand_at;
                    let entity_of = |wanted: SimBody| {
                        entities
                            .iter()
                            .find_map(|(e, body)| (*body == wanted).then_some(e))
                    };
                    if person.centre_of_mass.distance(on_rail) > half_height + REACH_M {
                        failure = Some("cannot grab the handrail: it is out of reach");
                    } else if gap.length() < GRIP_DISTANCE_M {
                        if let (Some(hand_entity), Some(lock_entity)) = (
                            entity_of(SimBody::Cosmonaut(segment)),
                            entity_of(SimBody::Airlock),
                        ) {
                            state.grip = Some(
                                commands
                                    .spawn(grip_joint(
                                        lock_entity,
                                        lock.transform,
                                        hand_entity,
                                        hand_transform,
                                        hand_at,
                                    ))
                                    .id(),
                            );
                            log.push(
                                t,
                                clock.utc(),
                                format!("cosmonaut: grips the {} handrail", describe_hand(*hand)),
                            );
                        }
                    } else {
                        let wanted = (gap * 1.5).clamp_length_max(REACH_SPEED_MPS);
                        force = mass * (wanted - relative_velocity) / GRIP_TIME_S;
                        torque = -inertia * relative_spin / GRIP_TIME_S;
                        reach = Some((segment, gap.normalize_or_zero() * ARM_REACH_FORCE_N));
                    }
                }
            }
        }
        Action::Enter { head_first } | Action::Exit { head_first } => {
            let entering = matches!(action, Action::Enter { .. });
            let to_local = lock.transform.rotation.inverse();
            let local = to_lock.transform_point3(
                person
                    .transform
                    .transform_point(figure.0.section_centre_local_m),
            );
            let local_velocity = to_local * relative_velocity;
            let up = long_axis(&bodies, &person);
            // Head first means the head leads: into the tube that is down its axis, out of it up.
            let wanted_up = if *head_first == entering { -axis } else { axis };
            let misalignment_rad = up.angle_between(wanted_up);
            let clear_height = layout.airlock_length_m + half_height + 0.3;
            // Inside, he ends up as far from the inner hatch as he started, whichever end first.
            let standing_torso_y = figure.0.segment(Segment::Torso).centre_m.y;
            let torso_y = if wanted_up.dot(axis) < 0.0 {
                2.0 * half_height - standing_torso_y
            } else {
                standing_torso_y
            };
            // How far his body reaches from the torso along the tube's axis, up and down, when
            // he lies along it the wanted way round.
            let reach = if wanted_up.dot(axis) < 0.0 {
                Reach {
                    up_m: standing_torso_y,
                    down_m: 2.0 * half_height - standing_torso_y,
                }
            } else {
                Reach {
                    up_m: 2.0 * half_height - standing_torso_y,
                    down_m: standing_torso_y,
                }
            };
            let target_y = if entering {
                layout.cosmonaut_soles_local_m.y + torso_y
            } else {
                clear_height + 0.5
            };
            // Held up at the mouth (the body spans it, or is caught on its rim, and makes no
            // headway), he backs off a little, re-centres and pushes again; after a few tries he
            // knows he is stuck.
            let spans_mouth = local.y - reach.down_m < layout.airlock_length_m + MOUTH_MARGIN_M
                && local.y + reach.up_m > layout.airlock_length_m - MOUTH_MARGIN_M;
            // Headway is judged over a window, along the tube towards the goal, so that his
            // jostling on the rim does not count as progress.
            let guided = axial_guidance(
                local,
                target_y,
                layout.airlock_length_m,
                layout.airlock_outer_radius_m,
                reach,
                misalignment_rad,
                state.strain > 0.0,
            );
            let inwards = (target_y - local.y).signum();
            let backing_off = state.back_off_s > 0.0;
            let wanted_local = if backing_off {
                let lateral = Vec3::new(local.x, 0.0, local.z);
                (-lateral * 1.5).clamp_length_max(CLIMB_SPEED_MPS)
                    - Vec3::Y * inwards * BACK_OFF_SPEED_MPS
            } else {
                guided
            };
            // Held up in the mouth, in or out, he strains harder and harder, up to all his
            // strength; moving again at the pace he wants, he eases off. Only at full strength
            // and still without headway into the tube over a window does he back off and try
            // again, so a tighter fit costs him a harder, longer push before it costs a retry.
            let way = wanted_local.y.signum();
            let straining = spans_mouth && wanted_local.y.abs() > 0.01;
            let held_up = local_velocity.y * way < wanted_local.y.abs() * HELD_UP_PACE;
            if way != state.strain_way {
                state.strain_way = way;
                state.strain = 0.0;
            }
            state.strain = if straining && held_up {
                (state.strain + (clock.dt_s / STRAIN_RAMP_S) as f32).min(1.0)
            } else {
                (state.strain - (clock.dt_s / EASE_OFF_S) as f32).max(0.0)
            };
            let pushing_in = straining && way == inwards;
            if !pushing_in || state.strain < 1.0 {
                state.stall_anchor_m = local;
                state.stalled_s = 0.0;
            } else {
                state.stalled_s += clock.dt_s;
                if state.stalled_s >= STALL_S {
                    let progress = (local.y - state.stall_anchor_m.y) * inwards;
                    if progress < HEADWAY_M {
                        // Counted down from this very step on, as every back-off step is.
                        state.back_off_s = BACK_OFF_S + clock.dt_s;
                        state.retries += 1;
                    }
                    state.stalled_s = 0.0;
                    state.stall_anchor_m = local;
                }
            }
            state.back_off_s = (state.back_off_s - clock.dt_s).max(0.0);
            if state.retries >= STUCK_AFTER_TRIES && !state.stuck_logged {
                state.stuck_logged = true;
                log.push(
                    t,
                    clock.utc(),
                    format!(
                        "cosmonaut: stuck in the hatch at {:.1} kPa (his section at the shoulders {:.3} m, the hatch {:.3} m)",
                        suit.pressure_kpa,
                        super::ballooning::shoulder_section(&figure.0).1,
                        2.0 * layout.hatch_radius_m
                    ),
                );
            }
            force = mass
                * (lock.transform.rotation * wanted_local
                    - lock.transform.rotation * local_velocity)
                / GRIP_TIME_S;
            if straining && state.strain > 0.0 {
                let along = force.dot(axis) * way;
                force = force.reject_from_normalized(axis)
                    + axis * way * along.max(state.strain * max_force);
            }
            let error = turn_error(up, wanted_up, person.transform.rotation);
            torque = inertia * (error * 1.0 - relative_spin * 2.0);
            if !in_reach && local.y > layout.airlock_length_m {
                failure = Some("cannot reach the airlock");
                force = Vec3::ZERO;
                torque = Vec3::ZERO;
            }
        }
        Action::Throw {
            mass_kg,
            speed_mps,
            direction,
        } => {
            if !state.impulse_done {
                state.impulse_done = true;
                let hand = bodies.iter().find_map(|(body, transform, velocity, ..)| {
                    (*body == SimBody::Cosmonaut(Segment::Hand(super::anatomy::Side::Right)))
                        .then_some((transform.translation, velocity.linear))
                });
                if let Some((at, hand_velocity)) = hand {
                    let m = *mass_kg as f32;
                    let way = Vec3::from_array(direction.map(|d| d as f32)).normalize();
                    // Relative speed as given; the two share the momentum exchanged.
                    let exchanged = m * mass / (m + mass) * *speed_mps as f32;
                    impulse = -way * exchanged;
                    thrown = Some((at + way * 0.1, hand_velocity + way * exchanged / m, m));
                }
            }
        }
        Action::TurnAround => {
            let local = to_lock.transform_point3(person.centre_of_mass);
            let local_velocity = lock.transform.rotation.inverse() * relative_velocity;
            // Hold the middle of the tube, on its axis, while he turns.
            let goal = Vec3::new(0.0, layout.airlock_length_m / 2.0, 0.0);
            let wanted_local = ((goal - local) * 0.8).clamp_length_max(CLIMB_SPEED_MPS);
            force = lock.transform.rotation * (wanted_local - local_velocity) * mass / GRIP_TIME_S;
            let up = long_axis(&bodies, &person);
            let angle = up.angle_between(axis);
            let error = turn_error(up, axis, person.transform.rotation);
            let elapsed = state.current.map_or(0.0, |i| t - scenario.actions[i].t_s);
            // Wedged across the tube, making no headway in the turn for a stall window, he
            // strains harder and harder, up to all his strength over the next.
            let headway = angle < TURNED_RAD || angle < state.best_turn_rad - TURN_HEADWAY_RAD;
            if elapsed < TUCK_S || headway {
                state.best_turn_rad = state.best_turn_rad.min(angle);
                state.stalled_s = 0.0;
            } else {
                state.stalled_s += clock.dt_s;
            }
            torque = if elapsed < TUCK_S {
                // Folding up first: he only holds still.
                -inertia * relative_spin * 1.5
            } else {
                let steady = inertia * (error * 0.5 - relative_spin * 1.5);
                let strain = ((state.stalled_s - STALL_S) / STALL_S).clamp(0.0, 1.0) as f32;
                steady.lerp(error.normalize_or_zero() * MAX_TURN_TORQUE_NM, strain)
            };
            // With any of him out of the tube there is no turning round inside it (stuck in its
            // opening he climbs back out instead, above).
            if highest_centre_y(&bodies, to_lock) > layout.airlock_length_m + 0.3 {
                failure = Some("cannot turn round: he is not inside the airlock");
                force = Vec3::ZERO;
                torque = Vec3::ZERO;
            }
        }
        Action::CloseOuterHatch => {
            // He ducks down the tube, centred on its axis, out of the plate's swing while the
            // drive closes it.
            let local = to_lock.transform_point3(person.centre_of_mass);
            let local_velocity = lock.transform.rotation.inverse() * relative_velocity;
            if local.y < layout.airlock_length_m {
                let wanted_local = (Vec3::new(-local.x, 0.0, -local.z) * 1.5)
                    .clamp_length_max(CLIMB_SPEED_MPS)
                    - Vec3::Y * DUCK_SPEED_MPS;
                force =
                    lock.transform.rotation * (wanted_local - local_velocity) * mass / GRIP_TIME_S;
                torque = -inertia * relative_spin / GRIP_TIME_S;
            }
            if !state.impulse_done {
                state.impulse_done = true;
                let inside = local.y < layout.airlock_length_m
                    && Vec2::new(local.x, local.z).length() < layout.airlock_inner_radius_m;
                if inside {
                    timeline.outer.open_wanted = false;
                    timeline.close_pending = true;
                } else {
                    failure =
                        Some("cannot close the hatch: its control panel is inside the airlock");
                }
            }
        }
        Action::SetSuitPressure { .. } => {}
    }

    if let Some(reason) = failure
        && !state.failure_logged
    {
        state.failure_logged = true;
        log.push(t, clock.utc(), reason);
    }
    // Waiting for his first action he keeps the posture he started in (crouched); an action he
    // cannot carry out does not change it either (he does not fold up wedged in the hatch).
    if !waiting && failure.is_none() {
        posture.wanted = posture_for(action);
    }
    let force = force.clamp_length_max(max_force);
    exertion.arm_force_n = f64::from(force.length());
    exertion.arm_power_w = f64::from(force.dot(relative_velocity));
    exertion.turn_torque_nm = f64::from(torque.length().min(MAX_TURN_TORQUE_NM));
    exertion.effort_share =
        f64::from((force.length() / max_force).max(torque.length() / MAX_TURN_TORQUE_NM));
    // His turning torque rotates the whole body as one: each segment gets the force that a rigid
    // rotation at this angular acceleration needs. They add up to no net force, and to a couple
    // whose exact opposite goes to the airlock he pushes against.
    let angular_acceleration = torque.clamp_length_max(MAX_TURN_TORQUE_NM) / inertia;
    let mut couple = Vec3::ZERO;
    for (body, transform, _, props, mut f, mut j) in &mut bodies {
        let SimBody::Cosmonaut(segment) = body else {
            continue;
        };
        let share = props.mass / mass;
        let centre = transform.transform_point(props.local_center_of_mass);
        let arm = centre - person.centre_of_mass;
        let turning = props.mass * angular_acceleration.cross(arm);
        f.force += turning;
        couple += arm.cross(turning);
        if at_harness {
            if *segment == Segment::Torso {
                *f += ExternalForce::at_point(force, force_point, centre);
            }
        } else {
            f.force += force * share;
        }
        j.impulse += impulse * share;
        if let Some((hand, pull)) = reach {
            if *segment == hand {
                f.force += pull;
            } else if *segment == Segment::Torso {
                f.force -= pull;
            }
        }
    }
    // A push's reaction goes into the airlock; a throw's into the thrown thing.
    let structure_impulse = if let Some((at, velocity, m)) = thrown {
        commands.spawn(thrown_object(at, velocity, m));
        Vec3::ZERO
    } else {
        impulse
    };
    for (body, _, _, _, mut f, mut j) in &mut bodies {
        if *body == SimBody::Airlock {
            *f += ExternalForce::at_point(-force, reaction_point, lock.centre_of_mass);
            f.torque -= couple;
            *j += ExternalImpulse::at_point(
                -structure_impulse,
                person.centre_of_mass,
                lock.centre_of_mass,
            );
        }
    }
}

/// The joint of a hand's grip: the hand held where it is, at that point of the airlock.
fn grip_joint(
    lock: Entity,
    lock_transform: Transform,
    hand: Entity,
    hand_transform: Transform,
    at: Vec3,
) -> impl Bundle {
    let joint = SphericalJointBuilder::new()
        .local_anchor1(
            lock_transform
                .compute_affine()
                .inverse()
                .transform_point3(at),
        )
        .local_anchor2(
            hand_transform
                .compute_affine()
                .inverse()
                .transform_point3(at),
        );
    (
        Name::new("Handrail grip"),
        super::ScenarioEntity,
        ImpulseJoint::new(lock, joint),
        ChildOf(hand),
    )
}

/// The point of segment `a`-`b` nearest to `p`.
fn closest_on_segment(a: Vec3, b: Vec3, p: Vec3) -> Vec3 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_squared().max(1e-12)).clamp(0.0, 1.0);
    a + ab * t
}

/// The body's side for a hand named in the scenario.
fn side_of(hand: Hand) -> super::anatomy::Side {
    match hand {
        Hand::Left => super::anatomy::Side::Left,
        Hand::Right => super::anatomy::Side::Right,
    }
}

fn describe_hand(hand: Hand) -> &'static str {
    match hand {
        Hand::Left => "left",
        Hand::Right => "right",
    }
}

/// A small thrown body: a lens cap, 4 cm in radius.
fn thrown_object(at: Vec3, velocity: Vec3, mass_kg: f32) -> impl Bundle {
    (
        Name::new("Thrown lens cap"),
        super::ScenarioEntity,
        SimBody::Thrown((mass_kg * 1000.0).round() as u32),
        RigidBody::Dynamic,
        Transform::from_translation(at),
        Velocity::linear(velocity),
        Sleeping::disabled(),
        ExternalForce::default(),
        ReadMassProperties::default(),
        Collider::cylinder(0.01, 0.04),
        ColliderMassProperties::Mass(mass_kg),
        Restitution::coefficient(0.3),
        super::bodies::groups::thrown(),
    )
}

/// The height along the airlock's axis (its frame, through `to_local`) of his highest segment's
/// centre, m.
fn highest_centre_y(bodies: &BodyQuery, to_local: bevy::math::Affine3A) -> f32 {
    bodies
        .iter()
        .filter(|(body, ..)| matches!(body, SimBody::Cosmonaut(_)))
        .map(|(_, transform, ..)| to_local.transform_point3(transform.translation).y)
        .fold(f32::MIN, f32::max)
}

/// His long axis, shanks to helmet (in line when he stands straight): a bent hip shows up here,
/// not in the torso.
fn long_axis(bodies: &BodyQuery, person: &Kinematics) -> Vec3 {
    let landmark = |wanted: fn(Segment) -> bool| {
        let (sum, count) = bodies
            .iter()
            .filter(|(b, ..)| matches!(b, SimBody::Cosmonaut(s) if wanted(*s)))
            .fold((Vec3::ZERO, 0.0), |(sum, n), (_, t, ..)| {
                (sum + t.translation, n + 1.0)
            });
        (count > 0.0).then(|| sum / count)
    };
    let head = landmark(|s| s == Segment::Head).unwrap_or(person.centre_of_mass);
    let shanks = landmark(|s| matches!(s, Segment::Shank(_))).unwrap_or(person.centre_of_mass);
    (head - shanks).normalize_or(person.transform.rotation * Vec3::Y)
}

/// The posture his muscles hold during an action.
fn posture_for(action: &Action) -> Posture {
    match action {
        Action::Enter { .. } | Action::Exit { .. } | Action::PushOff { .. } => Posture::Straight,
        Action::TurnAround => Posture::Tucked,
        Action::CloseOuterHatch => Posture::Crouched,
        _ => Posture::Neutral,
    }
}

/// Progress along the tube over a stall window that counts as headway at the hatch's mouth, m.
const HEADWAY_M: f32 = 0.05;
/// How far either side of the mouth he counts as at it, m: caught on the rim askew, he is not in
/// it yet.
const MOUTH_MARGIN_M: f32 = 0.3;
/// The window over which headway at the mouth is judged; without it he backs off and tries
/// again, s.
const STALL_S: f64 = 2.0;
/// Time over which his push into the hatch's mouth builds from nothing to all his strength, s.
const STRAIN_RAMP_S: f64 = 2.0;
/// Time in which, moving again, he lets go of all his strain, s: about a human reaction time, so
/// that a hard-won push through the rim does not throw him on at speed.
const EASE_OFF_S: f64 = 0.25;
/// Moving into the mouth slower than this share of the pace he wants, he is held up.
const HELD_UP_PACE: f32 = 0.5;
/// How long he backs off, s.
const BACK_OFF_S: f64 = 1.5;
/// How fast he backs off, m/s.
const BACK_OFF_SPEED_MPS: f32 = 0.1;
/// Failed tries after which he knows he is stuck (the log says so).
const STUCK_AFTER_TRIES: u32 = 2;

/// Turned further than this from where he wants to face, he somersaults, rad.
const SOMERSAULT_RAD: f32 = 2.5;
/// Within this of the tube's axis at its mouth he is lined up with it, m.
const LINED_UP_OFFSET_M: f32 = 0.02;
/// Tilted less than this from the tube's axis at its mouth he is lined up with it, rad.
const LINED_UP_ANGLE_RAD: f32 = 0.1;
/// Off the tube's axis by this much at its mouth, he is askew and will not push in, m.
const ASKEW_OFFSET_M: f32 = 0.07;
/// Tilted from the tube's axis by this much at its mouth, he is askew and will not push in, rad.
const ASKEW_ANGLE_RAD: f32 = 0.25;

/// How long he takes to fold up before he starts to turn round, s.
const TUCK_S: f64 = 4.0;
/// Within this of facing the outer hatch he has turned round, rad.
const TURNED_RAD: f32 = 0.5;
/// Turning closer to the outer hatch by less than this over a stall window is no headway, rad.
const TURN_HEADWAY_RAD: f32 = 0.1;
/// Speed at which he ducks down the tube, away from a closing hatch, m/s.
const DUCK_SPEED_MPS: f32 = 0.1;
/// Speed he climbs along the airlock's axis, m/s.
const CLIMB_SPEED_MPS: f32 = 0.25;

/// How far a body reaches along the tube's axis from its reference point, m.
#[derive(Clone, Copy, Debug)]
struct Reach {
    up_m: f32,
    down_m: f32,
}

/// The velocity (airlock frame) that takes him along the tube's axis to height `target_y`: always
/// towards the axis, and into the mouth only when centred and lined up with it, since the opening
/// is barely wider than the suit. Caught in the mouth askew, he backs out and tries again.
fn axial_guidance(
    local: Vec3,
    target_y: f32,
    mouth_y: f32,
    tube_radius: f32,
    reach: Reach,
    misalignment_rad: f32,
    straining: bool,
) -> Vec3 {
    let lateral = Vec3::new(local.x, 0.0, local.z);
    let (low, high) = (local.y - reach.down_m, local.y + reach.up_m);
    // Beside the tube, below the height where he could swing over its mouth: rise first.
    if lateral.length() > tube_radius && low < mouth_y + 0.3 {
        return Vec3::Y * CLIMB_SPEED_MPS;
    }
    let near_mouth = low < mouth_y + 0.3 && high > mouth_y - 0.3;
    let in_mouth = low < mouth_y && high > mouth_y;
    // Lined up within the inner tolerances he goes in at his full pace, and not at all beyond
    // the outer ones; in between, the better lined up, the faster. A pace that grows smoothly
    // with his alignment makes a little more or less wobble cost a little more or less time,
    // not the whole wait for the next swing through a threshold.
    let readiness = ramp_down(lateral.length(), LINED_UP_OFFSET_M, ASKEW_OFFSET_M)
        * ramp_down(misalignment_rad, LINED_UP_ANGLE_RAD, ASKEW_ANGLE_RAD);
    let askew = readiness <= 0.0;
    let pace = ((target_y - local.y) * 0.8).clamp(-CLIMB_SPEED_MPS, CLIMB_SPEED_MPS);
    // Once in the mouth and not askew, he keeps going: the rim, not a tolerance, decides. Already
    // straining against it, he does not let a tilt the rim forces on him undo the push.
    let axial = if !near_mouth || (in_mouth && (!askew || straining)) {
        pace
    } else if !in_mouth {
        pace * readiness
    } else {
        // Caught in the mouth askew: back out of it, to the side where most of him is.
        let above = high - mouth_y;
        let below = mouth_y - low;
        (above - below).signum() * CLIMB_SPEED_MPS * 0.5
    };
    (-lateral * 1.5).clamp_length_max(CLIMB_SPEED_MPS) + Vec3::Y * axial
}

/// The rotation (axis times angle) that turns his long axis `up` to `wanted_up`. Far from the
/// goal the shortest turn is ill defined (upside down, the faintest tilt would pick its axis):
/// he somersaults forwards, head towards the chest, about his own left-right axis.
fn turn_error(up: Vec3, wanted_up: Vec3, torso: Quat) -> Vec3 {
    let angle = up.angle_between(wanted_up);
    if angle > SOMERSAULT_RAD {
        -(torso * Vec3::X) * angle
    } else {
        Quat::from_rotation_arc(up, wanted_up).to_scaled_axis()
    }
}

/// 1 up to `full`, 0 from `none` on, and straight in between.
fn ramp_down(value: f32, full: f32, none: f32) -> f32 {
    ((none - value) / (none - full)).clamp(0.0, 1.0)
}

/// A log line for an action.
fn describe(action: &Action) -> String {
    match action {
        Action::PushOff { speed_mps, .. } => format!("push off at {speed_mps:.2} m/s"),
        Action::PullIn {
            speed_mps,
            stop_distance_m,
        } => {
            format!("pull in along the tether at {speed_mps:.2} m/s to {stop_distance_m:.1} m")
        }
        Action::Hold => "hold on to the handrails".into(),
        Action::Float => "let go and float".into(),
        Action::GrabHandrail { hand } => {
            format!("reach for the {} handrail", describe_hand(*hand))
        }
        Action::Enter { head_first: true } => "enter the airlock head first".into(),
        Action::Enter { head_first: false } => "enter the airlock feet first".into(),
        Action::Exit { head_first: true } => "climb out of the airlock head first".into(),
        Action::Exit { head_first: false } => "climb out of the airlock feet first".into(),
        Action::Throw {
            mass_kg, speed_mps, ..
        } => format!("throw {:.0} g at {speed_mps:.1} m/s", mass_kg * 1000.0),
        Action::TurnAround => "fold up and turn round inside the airlock".into(),
        Action::CloseOuterHatch => "close the outer hatch from inside".into(),
        Action::SetSuitPressure { pressure_kpa, .. } => {
            format!("set the suit to {pressure_kpa:.1} kPa")
        }
    }
}
