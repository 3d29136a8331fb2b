/** A configuration problem, told in one line that names the variable and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
