//! Tone-mark placement policy (hòa/hoà, thủy/thuỷ), applied consistently.
