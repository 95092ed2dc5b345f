// zod's settings for the page, made before any module builds or parses a schema (main.tsx imports
// this second). zod would probe for eval (new Function) to compile its object parsers; the page's
// CSP forbids eval, so the probe could only fail, raising a CSP violation on every page load.
import { z } from 'zod';

z.config({ jitless: true });
