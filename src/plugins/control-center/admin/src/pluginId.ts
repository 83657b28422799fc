export const PLUGIN_ID = 'control-center';

/** Translation id under this plugin's namespace. */
export const t = (id: string) => `${PLUGIN_ID}.${id}`;
