export { bodyCheck as default } from './body-guard';
