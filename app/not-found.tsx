import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="text-stone-700">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-brand-700 underline">
        Go to your start page
      </Link>
    </div>
  );
}
