// Package workspace reads what a run learns from the folder it starts in,
// rather than from AWS: the configuration's files, the images' build
// contexts, and the git repository holding them. From them it derives the
// tag of the images flightplan builds, the hash that identifies the
// configuration a plan was made from, and the configuration's path inside
// its repository. It calls no AWS API; it runs git, when there is one.
package workspace
