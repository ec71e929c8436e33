// Detail below the resolution of the Earth's maps: fractal noise fixed to the ground, added in
// octaves only while each octave is larger than a pixel (so nothing shimmers from afar), as
// mottling of the land (not the sea) and as broken edges of the clouds.

#import bevy_pbr::{
    pbr_fragment::pbr_input_from_standard_material,
    pbr_functions::{alpha_discard, apply_pbr_lighting, main_pass_post_lighting_processing},
    forward_io::{VertexOutput, FragmentOutput},
}

struct SurfaceDetail {
    // How far the detail moves the colour (land) or the opacity (clouds), 0..1.
    strength: f32,
    // Angular size of the largest detail cell, radians of the Earth's surface.
    cell_rad: f32,
    // Roughness of water and of land in the glint map: the detail keeps off the sea.
    water_roughness: f32,
    land_roughness: f32,
    // 0: ground colour, 1: cloud opacity.
    kind: u32,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(100) var<uniform> detail: SurfaceDetail;

const PI: f32 = 3.14159265358979;
const OCTAVES: i32 = 5;

fn lattice(c: vec3<i32>) -> f32 {
    var h = bitcast<u32>(c.x) * 0x8da6b343u ^ bitcast<u32>(c.y) * 0xd8163841u ^ bitcast<u32>(c.z) * 0xcb1ab31fu;
    h = h ^ (h >> 15u);
    h = h * 0x2c1b3c6du;
    h = h ^ (h >> 12u);
    h = h * 0x297a2d39u;
    h = h ^ (h >> 15u);
    return f32(h >> 8u) / 16777216.0;
}

fn value_noise(p: vec3<f32>) -> f32 {
    let cell = floor(p);
    let f = p - cell;
    let u = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    let c = vec3<i32>(cell);
    let x00 = mix(lattice(c), lattice(c + vec3(1, 0, 0)), u.x);
    let x10 = mix(lattice(c + vec3(0, 1, 0)), lattice(c + vec3(1, 1, 0)), u.x);
    let x01 = mix(lattice(c + vec3(0, 0, 1)), lattice(c + vec3(1, 0, 1)), u.x);
    let x11 = mix(lattice(c + vec3(0, 1, 1)), lattice(c + vec3(1, 1, 1)), u.x);
    return mix(mix(x00, x10, u.y), mix(x01, x11, u.y), u.z);
}

// Fractal noise in [0, 1] around 0.5; octaves finer than about two pixels count as their mean.
fn detail_noise(p: vec3<f32>) -> f32 {
    let cells_per_pixel = length(fwidth(p));
    var sum = 0.0;
    var total = 0.0;
    var amplitude = 1.0;
    var frequency = 1.0;
    for (var i = 0; i < OCTAVES; i++) {
        let seen = 1.0 - smoothstep(0.25, 0.5, cells_per_pixel * frequency);
        sum += amplitude * mix(0.5, value_noise(p * frequency + f32(i) * 17.0), seen);
        total += amplitude;
        amplitude *= 0.55;
        frequency *= 2.0;
    }
    return sum / total;
}

@fragment
fn fragment(in: VertexOutput, @builtin(front_facing) is_front: bool) -> FragmentOutput {
    var pbr_input = pbr_input_from_standard_material(in, is_front);
    // Texture u = 0 is longitude -180, v = 0 the north pole.
    let lon = (in.uv.x * 2.0 - 1.0) * PI;
    let lat = (0.5 - in.uv.y) * PI;
    let on_sphere = vec3(cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat));
    let n = detail_noise(on_sphere / detail.cell_rad);
    var colour = pbr_input.material.base_color;
    if detail.kind == 0u {
        let land = saturate((pbr_input.material.perceptual_roughness - detail.water_roughness)
            / max(detail.land_roughness - detail.water_roughness, 1e-3));
        colour = vec4(colour.rgb * (1.0 + 2.0 * detail.strength * land * (n - 0.5)), colour.a);
    } else {
        colour.a = saturate(colour.a * (1.0 - detail.strength + 2.0 * detail.strength * n));
    }
    pbr_input.material.base_color = alpha_discard(pbr_input.material, colour);
    var out: FragmentOutput;
    out.color = apply_pbr_lighting(pbr_input);
    out.color = main_pass_post_lighting_processing(pbr_input, out.color);
    return out;
}
