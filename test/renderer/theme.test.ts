// The console theme's colors reach WCAG AA (4.5:1) where components use them, in both schemes:
// the contrast is fixed once in renderer/theme.ts, not element by element.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME, mergeMantineTheme, type MantineColorsTuple } from '@mantine/core';
import { contrast, cssVariablesResolver, MIN_CONTRAST, theme } from '../../renderer/theme.ts';

const resolved = mergeMantineTheme(DEFAULT_THEME, theme);
const { light, dark } = cssVariablesResolver(resolved) as unknown as { light: Record<string, string>; dark: Record<string, string> };
const colors = Object.keys(resolved.colors).filter((name) => name !== 'dark');
const gray = resolved.colors.gray as MantineColorsTuple;
const darkShades = resolved.colors.dark as MantineColorsTuple;

describe('console theme contrast', () => {
  it('puts white text on fills of every palette color at 4.5:1 or more', () => {
    for (const scheme of [light, dark]) {
      for (const name of colors) expect(contrast(scheme[`--mantine-color-${name}-filled`]!, '#ffffff'), name).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it('makes light badges readable, also when hovered', () => {
    for (const name of colors) {
      const text = light[`--mantine-color-${name}-light-color`]!;
      expect(contrast(text, light[`--mantine-color-${name}-light`]!), name).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrast(text, light[`--mantine-color-${name}-light-hover`]!), name).toBeGreaterThanOrEqual(MIN_CONTRAST);
    }
  });

  it('makes dimmed, error and success text readable on every surface', () => {
    for (const [scheme, surfaces] of [[light, ['#ffffff', gray[0], gray[1]]], [dark, [darkShades[7], darkShades[6], darkShades[5]]]] as const) {
      for (const variable of ['--mantine-color-dimmed', '--mantine-color-error', '--mantine-color-success']) {
        for (const surface of surfaces) expect(contrast(scheme[variable]!, surface), variable).toBeGreaterThanOrEqual(MIN_CONTRAST);
      }
    }
  });

  it('measures contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#868e96', '#ffffff')).toBeCloseTo(3.32, 2); // Mantine's stock dimmed: too light
  });
});
