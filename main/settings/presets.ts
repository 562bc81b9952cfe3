/** Endpoints people use most, offered when adding a provider. */
export interface ProviderPreset {
  id: string;
  name: string;
  baseURL: string;
  needsKey: boolean;
  /** A server on this machine: offered automatically on first run when it answers. */
  local: boolean;
}

export const providerPresets: readonly ProviderPreset[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    needsKey: true,
    local: false,
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    baseURL: 'https://openrouter.ai/api/v1',
    needsKey: true,
    local: false,
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    baseURL: 'https://api.deepseek.com/v1',
    needsKey: true,
    local: false,
  },
  {
    id: 'groq',
    name: 'Groq',
    baseURL: 'https://api.groq.com/openai/v1',
    needsKey: true,
    local: false,
  },
  {
    id: 'ollama',
    name: 'Ollama (this computer)',
    baseURL: 'http://localhost:11434/v1',
    needsKey: false,
    local: true,
  },
  {
    id: 'lmstudio',
    name: 'LM Studio (this computer)',
    baseURL: 'http://localhost:1234/v1',
    needsKey: false,
    local: true,
  },
];
