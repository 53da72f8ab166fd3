// Stylesheets are bundled by Vite; TypeScript only needs to know the import is intended.
declare module '*.css';

// Images bundled by Vite (Leaflet's marker images) import as their URL.
declare module '*.png' {
  const url: string;
  export default url;
}

/** Build settings Vite puts into the bundle (only `VITE_*` variables). */
interface ImportMetaEnv {
  /** Map tile URL template ({z}/{x}/{y}); `none` turns map images off. */
  readonly VITE_MAP_TILE_URL?: string;
  /** Credit shown on the map for the tiles. */
  readonly VITE_MAP_TILE_ATTRIBUTION?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
