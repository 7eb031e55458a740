/**
 * How pages write a rate (a fraction in [0, 1]): as text with one decimal ("12.5%"), and as a
 * chart value in percent with one decimal — null when not measured, so a line breaks there
 * instead of dropping to 0. A rate not measured is never shown as 0 % or 100 % (未测).
 */
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const chartPercent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
