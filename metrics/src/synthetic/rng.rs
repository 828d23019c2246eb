//! The random numbers of the generator.

/// xoshiro256** seeded by SplitMix64 (see the module documentation).
pub(super) struct Rng {
    pub(super) s: [u64; 4],
}

impl Rng {
    /// The stream numbered `stream` of `seed`.
    pub(super) fn stream(seed: u64, stream: u64) -> Self {
        let mut state = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut splitmix = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Self {
            s: [splitmix(), splitmix(), splitmix(), splitmix()],
        }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(super) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n) (0 when n is 0), by multiply-and-shift; its bias,
    /// below n / 2^64, does not matter here.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// One of the items, by their weights per thousand.
    pub(super) fn pick(&mut self, weighted: &[(&'static str, u32)]) -> &'static str {
        let mut x = self.below(1000) as u32;
        for &(item, weight) in weighted {
            if x < weight {
                return item;
            }
            x -= weight;
        }
        weighted[0].0
    }

    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
}
