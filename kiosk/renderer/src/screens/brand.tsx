// The brand at the top of every page, the resident's and the operator console's alike: the mark,
// the name and a tagline in the page's language (the caller's words: the app's or the console's).
export function Brand({ name, tagline }: { name: string; tagline: string }) {
  return (
    <p class="brand">
      <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 2 4 5v6c0 5 3.4 9.6 8 11 4.6-1.4 8-6 8-11V5l-8-3Zm3.3 6.6L11 12.9l-2.3-2.3-1.4 1.4 3.7 3.7 5.7-5.7-1.4-1.4Z"
          fill="currentColor"
        />
      </svg>
      <span>
        {name} <span class="brand-sub">{tagline}</span>
      </span>
    </p>
  );
}
