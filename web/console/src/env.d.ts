// Stylesheets are bundled by Vite; TypeScript only needs to know the import is intended.
declare module '*.css';
