// Entry point of the stand-in page (kept apart from app.js so tests can import app.js without
// starting it).
import { boot } from './app.js';

boot(window);
