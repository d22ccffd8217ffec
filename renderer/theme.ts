// The console's Mantine theme, with its colors made readable once, here, for every element:
// Mantine's stock palette puts white on teal/green/orange fills, dimmed gray on white and
// shade-9 text on shade-1/2 badges below WCAG AA's 4.5:1. Rather than fixing elements one by
// one, every color variable the components read is derived here to reach 4.5:1 on the surfaces
// it is used on (light and dark scheme), by darkening or lightening the palette's own shade.
import { createTheme, darken, lighten, luminance, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** WCAG 2.x AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** The WCAG contrast ratio of two opaque colors (hex or rgb()). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color`, darkened (or lightened) in 5% steps until it reaches 4.5:1 on every surface given. */
function readable(color: string, surfaces: string[], direction: 'darker' | 'lighter'): string {
  const shift = direction === 'darker' ? darken : lighten;
  for (let step = 0; step <= 20; step++) {
    const candidate = step === 0 ? color : shift(color, step * 0.05);
    if (surfaces.every((surface) => contrast(candidate, surface) >= MIN_CONTRAST)) return candidate;
  }
  return direction === 'darker' ? '#000000' : '#ffffff';
}

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

const WHITE = '#ffffff';

/** The variables for one palette color: fills that carry white text, light badges, outlines. */
function colorVariables(name: string, shades: MantineColorsTuple, scheme: 'light' | 'dark', surfaces: string[]): Record<string, string> {
  const filled = readable(shades[scheme === 'light' ? 6 : 8], [WHITE], 'darker');
  const vars: Record<string, string> = {
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: darken(filled, 0.1),
  };
  if (scheme === 'light') {
    // Light variant (badges, active navigation): the palette's lightest shades behind, text
    // dark enough for the hover shade too.
    vars[`--mantine-color-${name}-light`] = shades[0];
    vars[`--mantine-color-${name}-light-hover`] = shades[1];
    vars[`--mantine-color-${name}-light-color`] = readable(shades[9], [shades[0], shades[1]], 'darker');
    vars[`--mantine-color-${name}-outline`] = readable(shades[6], surfaces, 'darker');
  } else {
    vars[`--mantine-color-${name}-text`] = readable(shades[4], surfaces, 'lighter');
    vars[`--mantine-color-${name}-outline`] = readable(shades[4], surfaces, 'lighter');
  }
  return vars;
}

/** Surfaces text sits on: body, cards/table headers, hovered rows. */
function surfacesOf(scheme: 'light' | 'dark', colors: Record<string, MantineColorsTuple>): string[] {
  return scheme === 'light' ? [WHITE, colors.gray![0], colors.gray![1]] : [colors.dark![7], colors.dark![6], colors.dark![5]];
}

export const cssVariablesResolver: CSSVariablesResolver = (resolved) => {
  const colors = resolved.colors as Record<string, MantineColorsTuple>;
  const schemes = { light: {} as Record<string, string>, dark: {} as Record<string, string> };
  for (const scheme of ['light', 'dark'] as const) {
    const surfaces = surfacesOf(scheme, colors);
    const out = schemes[scheme];
    for (const [name, shades] of Object.entries(colors)) {
      if (name === 'dark') continue;
      Object.assign(out, colorVariables(name, shades, scheme, surfaces));
    }
    const direction = scheme === 'light' ? 'darker' : 'lighter';
    out['--mantine-color-dimmed'] = readable(scheme === 'light' ? colors.gray![6] : colors.dark![2], surfaces, direction);
    out['--mantine-color-error'] = readable(colors.red![scheme === 'light' ? 6 : 5], surfaces, direction);
    out['--mantine-color-success'] = readable(colors.teal![scheme === 'light' ? 8 : 5], surfaces, direction);
    out['--mantine-color-anchor'] = `var(--mantine-color-${resolved.primaryColor}-${scheme === 'light' ? 'outline' : 'text'})`;
  }
  return { variables: {}, ...schemes };
};
