/**
 * What a newcomer needs to find a hosted preset's key: how one looks (so a pasted key can be checked by
 * eye) and the page that issues them. Presentation only, so it lives with the form, not in main.
 */
export interface PresetHint {
  keyPlaceholder: string;
  keysPage: string;
}

const hints: Readonly<Record<string, PresetHint>> = {
  openai: { keyPlaceholder: 'sk-proj-…', keysPage: 'https://platform.openai.com/api-keys' },
  openrouter: { keyPlaceholder: 'sk-or-v1-…', keysPage: 'https://openrouter.ai/settings/keys' },
  deepseek: { keyPlaceholder: 'sk-…', keysPage: 'https://platform.deepseek.com/api_keys' },
  groq: { keyPlaceholder: 'gsk_…', keysPage: 'https://console.groq.com/keys' },
};

export function presetHint(presetId: string): PresetHint | null {
  return hints[presetId] ?? null;
}
