// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { configure } from '@testing-library/react';

// jsdom computes a style by matching every CSS rule of the document against the element, and
// Grafana's emotion styles add thousands of rules as a test renders. Testing Library calls
// getComputedStyle for every node it looks at while computing accessible names and visibility,
// so the editors' tests spent most of their time there (2.1 of 2.5 s in the slowest one) and hit
// jest's timeout on a loaded machine. These tests do not test CSS (the Chromium tests do): a
// computed style here is the element's inline style, and role queries skip the visibility check.
const inlineStyle = (element) => {
  const style = document.createElement('div').style;
  style.cssText = element.getAttribute('style') ?? '';
  return style;
};
Object.defineProperty(window, 'getComputedStyle', { configurable: true, value: inlineStyle });
configure({ defaultHidden: true });
