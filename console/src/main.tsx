import { render } from 'preact';
import { loadSettings } from './api';
import { App } from './app';
import { setHolidays } from './format';
import './style.css';

async function start(): Promise<void> {
  const settings = await loadSettings();
  setHolidays(settings.holidays);
  render(<App settings={settings} />, document.getElementById('app')!);
  // For the budget in test/console: when the first screen can take input.
  performance.mark('console-interactive');
}

void start();
